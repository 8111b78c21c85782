package org.renfort.planner;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.Acuity;
import org.renfort.kernel.GeoPoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planner on random regions: the optimum equals an exhaustive search on small ones, and on
 * larger ones it is never worse than greedy, respects every constraint and accounts for every
 * patient.
 */
class RedistributionPlannerPropertyTest {
    private static final List<BedCategory> CATEGORIES = List.of(BedCategory.ADULT_ICU, BedCategory.INTERMEDIATE_CARE,
            BedCategory.MEDICINE);
    private static final List<Capability> CAPABILITIES = List.of(Capability.NEUROSURGERY, Capability.DIALYSIS);

    /** A random region: origins and partners as hospitals, travel times between them, rules. */
    private record Region(List<PatientGroup> groups, List<Partner> partners, PlanRules rules, TravelTimes roads) {
    }

    private static Region region(long seed, int groups, int maxCount, int partners) {
        Random random = new Random(seed);
        List<HospitalId> origins = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            origins.add(new HospitalId(String.format("59%07d", i)));
        }
        List<Partner> ps = new ArrayList<>();
        for (int i = 0; i < partners; i++) {
            Map<BedCategory, Integer> free = new HashMap<>();
            CATEGORIES.forEach(c -> free.put(c, random.nextInt(4)));
            Set<Capability> caps = new HashSet<>();
            CAPABILITIES.forEach(c -> {
                if (random.nextBoolean()) {
                    caps.add(c);
                }
            });
            ps.add(new Partner(new HospitalId(String.format("62%07d", i)), free, caps, random.nextInt(8) == 0));
        }
        Map<String, Integer> minutes = new HashMap<>();
        for (HospitalId o : origins) {
            for (Partner p : ps) {
                if (random.nextInt(10) > 0) {
                    minutes.put(PlannerFixtures.at(o) + ">" + p.hospital().value(), 5 + random.nextInt(120));
                }
            }
        }
        TravelTimes roads = (GeoPoint from, HospitalId to) -> {
            Integer m = minutes.get(from + ">" + to.value());
            return m == null ? OptionalInt.empty() : OptionalInt.of(m);
        };
        List<PatientGroup> gs = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            Set<Capability> needs = random.nextInt(4) == 0 ? Set.of(CAPABILITIES.get(random.nextInt(2))) : Set.of();
            Set<HospitalId> excluded = random.nextInt(4) == 0 ? Set.of(ps.get(random.nextInt(partners)).hospital()) : Set.of();
            gs.add(new PatientGroup("g" + i, PlannerFixtures.at(origins.get(random.nextInt(origins.size()))),
                    1 + random.nextInt(maxCount), CATEGORIES.get(random.nextInt(CATEGORIES.size())),
                    Acuity.values()[random.nextInt(3)], needs, 30 + random.nextInt(100), excluded));
        }
        List<Substitution> substitutions = random.nextBoolean()
                ? List.of(new Substitution(BedCategory.MEDICINE, BedCategory.INTERMEDIATE_CARE, random.nextInt(30))) : List.of();
        PlanRules rules = new PlanRules(0.5 + random.nextInt(6) / 10.0, Map.of(), substitutions, random.nextBoolean(),
                PlanRules.defaults().acuityWeight());
        return new Region(gs, ps, rules, roads);
    }

    @Property(tries = 300)
    void theOptimumIsWhatAnExhaustiveSearchFinds(@ForAll long seed) {
        Region r = region(seed, 3, 2, 3);
        PlanComparison plans = new RedistributionPlanner(r.rules(), r.roads()).plan(r.groups(), r.partners());
        long[] best = bruteForce(r);
        assertEquals(best[0], unplacedWeight(r, plans.optimal()), "acuity-weighted unplaced patients");
        assertEquals(best[1], plans.optimal().weightedMinutes(), "acuity-weighted travel");
    }

    @Property(tries = 100)
    void neverWorseThanGreedyAndEveryConstraintHolds(@ForAll long seed, @ForAll @IntRange(min = 5, max = 40) int groups) {
        Region r = region(seed, groups, 6, 12);
        PlanComparison plans = new RedistributionPlanner(r.rules(), r.roads()).plan(r.groups(), r.partners());
        for (Plan plan : List.of(plans.optimal(), plans.greedy())) {
            checkConstraints(r, plan);
        }
        long optimalUnplaced = unplacedWeight(r, plans.optimal());
        long greedyUnplaced = unplacedWeight(r, plans.greedy());
        assertTrue(optimalUnplaced < greedyUnplaced || (optimalUnplaced == greedyUnplaced
                && plans.optimal().weightedMinutes() <= plans.greedy().weightedMinutes()), "worse than greedy");
        assertTrue(plans.placedMore() >= 0 || optimalUnplaced < greedyUnplaced);
    }

    /** The planner only looks at the options no plan needs more than; greedy must not notice. */
    @Property(tries = 100)
    void greedyIsThePlainNearestFreeBedPlan(@ForAll long seed, @ForAll @IntRange(min = 5, max = 40) int groups) {
        Region r = region(seed, groups, 6, 12);
        Plan greedy = new RedistributionPlanner(r.rules(), r.roads()).plan(r.groups(), r.partners()).greedy();
        long[] plain = plainGreedy(r);
        assertEquals(plain[0], unplacedWeight(r, greedy), "acuity-weighted unplaced patients");
        assertEquals(plain[1], greedy.weightedMinutes(), "acuity-weighted travel");
    }

    /** Patients in acuity order, then as listed, each to the cheapest pool with a bed left, every pool looked at. */
    private static long[] plainGreedy(Region r) {
        Map<String, Integer> left = new HashMap<>();
        List<PatientGroup> order = new ArrayList<>(r.groups());
        order.sort(java.util.Comparator.comparing(PatientGroup::acuity));
        long unplaced = 0;
        long minutes = 0;
        for (PatientGroup g : order) {
            int weight = r.rules().weight(g.acuity());
            for (int patient = 0; patient < g.count(); patient++) {
                long bestCost = Long.MAX_VALUE;
                int bestTravel = Integer.MAX_VALUE;
                String bestPool = null;
                for (Partner p : r.partners()) {
                    OptionalInt travel = r.roads().minutes(g.origin(), p.hospital());
                    if ((p.stale() && r.rules().excludeStale()) || travel.isEmpty() || travel.getAsInt() > g.maxTravelMinutes()
                            || g.excluded().contains(p.hospital()) || !p.capabilities().containsAll(g.capabilities())) {
                        continue;
                    }
                    for (BedCategory c : BedCategory.values()) {
                        String pool = p.hospital().value() + "/" + c;
                        var penalty = r.rules().penalty(g.category(), c);
                        if (penalty.isEmpty()) {
                            continue;
                        }
                        long cost = (long) weight * (travel.getAsInt() + penalty.get());
                        if (cost < bestCost || (cost == bestCost && travel.getAsInt() < bestTravel)) {
                            if (left.computeIfAbsent(pool, k -> r.rules().usableBeds(p, c)) > 0) {
                                bestCost = cost;
                                bestTravel = travel.getAsInt();
                                bestPool = pool;
                            }
                        }
                    }
                }
                if (bestPool == null) {
                    unplaced += weight;
                } else {
                    left.merge(bestPool, -1, Integer::sum);
                    minutes += bestCost;
                }
            }
        }
        return new long[]{unplaced, minutes};
    }

    private static void checkConstraints(Region r, Plan plan) {
        Map<String, PatientGroup> groups = new HashMap<>();
        r.groups().forEach(g -> groups.put(g.reference(), g));
        Map<HospitalId, Partner> partners = new HashMap<>();
        r.partners().forEach(p -> partners.put(p.hospital(), p));
        Map<String, Integer> used = new HashMap<>();
        Set<String> patients = new HashSet<>();
        for (Plan.Placement p : plan.placements()) {
            PatientGroup g = groups.get(p.group());
            Partner partner = partners.get(p.hospital());
            assertTrue(patients.add(p.group() + "#" + p.patient()), "placed twice");
            assertTrue(p.travelMinutes() <= g.maxTravelMinutes());
            assertEquals(r.roads().minutes(g.origin(), p.hospital()).getAsInt(), p.travelMinutes());
            assertTrue(!g.excluded().contains(p.hospital()), "excluded hospital used");
            assertTrue(partner.capabilities().containsAll(g.capabilities()), "capability missing");
            assertTrue(r.rules().penalty(g.category(), p.category()).isPresent(), "category not allowed");
            assertTrue(!partner.stale() || !r.rules().excludeStale(), "stale hospital used");
            used.merge(p.hospital().value() + "/" + p.category(), 1, Integer::sum);
        }
        used.forEach((pool, n) -> {
            String[] parts = pool.split("/");
            assertTrue(n <= r.rules().usableBeds(partners.get(new HospitalId(parts[0])), BedCategory.valueOf(parts[1])),
                    "more patients than usable beds at " + pool);
        });
        plan.unplaced().forEach(u -> assertTrue(patients.add(u.group() + "#" + u.patient()), "accounted twice"));
        assertEquals(r.groups().stream().mapToInt(PatientGroup::count).sum(), patients.size(), "every patient accounted for");
    }

    private static long unplacedWeight(Region r, Plan plan) {
        Map<String, PatientGroup> groups = new HashMap<>();
        r.groups().forEach(g -> groups.put(g.reference(), g));
        return plan.unplaced().stream().mapToLong(u -> r.rules().weight(groups.get(u.group()).acuity())).sum();
    }

    // ---- exhaustive search: every patient to every bed that fits, or nowhere -----------------------

    private static long[] bruteForce(Region r) {
        List<PatientGroup> patients = new ArrayList<>();
        r.groups().forEach(g -> {
            for (int i = 0; i < g.count(); i++) {
                patients.add(g);
            }
        });
        Map<String, Integer> left = new HashMap<>();
        for (Partner p : r.partners()) {
            if (p.stale() && r.rules().excludeStale()) {
                continue;
            }
            for (BedCategory c : BedCategory.values()) {
                left.put(p.hospital().value() + "/" + c, r.rules().usableBeds(p, c));
            }
        }
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
        search(r, patients, 0, left, 0, 0, best);
        return best;
    }

    private static void search(Region r, List<PatientGroup> patients, int i, Map<String, Integer> left, long unplaced,
                               long minutes, long[] best) {
        if (i == patients.size()) {
            if (unplaced < best[0] || (unplaced == best[0] && minutes < best[1])) {
                best[0] = unplaced;
                best[1] = minutes;
            }
            return;
        }
        PatientGroup g = patients.get(i);
        int weight = r.rules().weight(g.acuity());
        search(r, patients, i + 1, left, unplaced + weight, minutes, best);
        for (Partner p : r.partners()) {
            OptionalInt travel = r.roads().minutes(g.origin(), p.hospital());
            if (travel.isEmpty() || travel.getAsInt() > g.maxTravelMinutes() || g.excluded().contains(p.hospital())
                    || !p.capabilities().containsAll(g.capabilities())) {
                continue;
            }
            for (BedCategory c : BedCategory.values()) {
                String pool = p.hospital().value() + "/" + c;
                var penalty = r.rules().penalty(g.category(), c);
                if (penalty.isEmpty() || left.getOrDefault(pool, 0) < 1) {
                    continue;
                }
                left.merge(pool, -1, Integer::sum);
                search(r, patients, i + 1, left, unplaced, minutes + (long) weight * (travel.getAsInt() + penalty.get()), best);
                left.merge(pool, 1, Integer::sum);
            }
        }
    }
}
