package org.renfort.planner;

import com.google.ortools.Loader;
import com.google.ortools.graph.MinCostFlow;
import com.google.ortools.graph.MinCostFlowBase;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Places groups of patients in the partners' usable beds two ways on the same data: the exact
 * optimum as a minimum-cost flow (OR-Tools), and the greedy nearest-free-bed plan it is compared
 * with. The optimum first leaves as few acuity-weighted patients unplaced as possible, then
 * minimises acuity-weighted travel (substitutions count as extra minutes).
 * <p>
 * The flow network: one node per group (supply = its patients), one per partner and category
 * of bed (a pool; to the sink with its usable beds as capacity), an arc group -> pool for each
 * pool the group may use (within reach, capabilities present, not excluded, the category or an
 * allowed substitute), and an arc group -> sink for patients left unplaced, priced above any
 * assignment, so that flow is integral and the optimum is proven by the solver.
 */
public final class RedistributionPlanner {
    private static volatile boolean nativesLoaded;
    /**
     * What a patient sent elsewhere than to one of its preferred hospitals adds to the objective:
     * more than any travel and penalty, so a preferred hospital with a usable bed within reach
     * always comes first (and the reported weighted minutes stay travel only).
     */
    private static final long NOT_PREFERRED = 100L * 2 * PatientGroup.MAX_TRAVEL_MINUTES + 1;

    /** Travel minutes not asked yet, and no road: the marks in an origin's table of minutes to each partner. */
    private static final int NOT_ASKED = -1;
    private static final int NO_ROAD = -2;

    private final PlanRules rules;
    private final TravelTimes travel;

    public RedistributionPlanner(PlanRules rules, TravelTimes travel) {
        this.rules = rules;
        this.travel = travel;
    }

    /** A pool of beds: one category at one partner, with the beds the rules let the plan use. */
    private record Pool(int partner, HospitalId hospital, BedCategory category, int usable) {
    }

    /** A pool a group may use, at what per-patient cost. */
    private record Option(int pool, int travelMinutes, int penaltyMinutes, boolean substituted, long unitCost) {
    }

    public PlanComparison plan(List<PatientGroup> groups, List<Partner> partners) {
        if (groups.isEmpty()) {
            throw new InvalidArgumentException("patients", "must name at least one patient or group");
        }
        Set<String> references = new HashSet<>();
        for (PatientGroup g : groups) {
            if (!references.add(g.reference())) {
                throw new InvalidArgumentException("patients", "reference " + g.reference() + " appears twice");
            }
        }
        List<Pool> pools = pools(partners);
        List<List<Option>> options = options(groups, partners, pools);
        return new PlanComparison(optimal(groups, partners, pools, options), greedy(groups, partners, pools, options));
    }

    private List<Pool> pools(List<Partner> partners) {
        List<Pool> pools = new ArrayList<>();
        for (int p = 0; p < partners.size(); p++) {
            Partner partner = partners.get(p);
            if (partner.stale() && rules.excludeStale()) {
                continue;
            }
            for (BedCategory c : BedCategory.values()) {
                int usable = rules.usableBeds(partner, c);
                if (usable > 0) {
                    pools.add(new Pool(p, partner.hospital(), c, usable));
                }
            }
        }
        return pools;
    }

    /**
     * For each group, the pools it may use, cheapest first. Travel is asked once per origin and
     * partner (patients of one evacuated hospital share it), and only for partners with a usable
     * bed; substitutions are read from a table.
     */
    private List<List<Option>> options(List<PatientGroup> groups, List<Partner> partners, List<Pool> pools) {
        List<List<Integer>> poolsOf = new ArrayList<>();
        partners.forEach(p -> poolsOf.add(new ArrayList<>()));
        for (int i = 0; i < pools.size(); i++) {
            poolsOf.get(pools.get(i).partner()).add(i);
        }
        BedCategory[] categories = BedCategory.values();
        int[][] penalty = new int[categories.length][categories.length];
        for (BedCategory needed : categories) {
            for (BedCategory used : categories) {
                penalty[needed.ordinal()][used.ordinal()] = rules.penalty(needed, used).orElse(-1);
            }
        }
        long[] competing = competing(groups, penalty);
        Map<GeoPoint, int[]> minutesFrom = new HashMap<>();
        List<List<Option>> all = new ArrayList<>(groups.size());
        for (PatientGroup g : groups) {
            List<Option> found = new ArrayList<>();
            long weight = rules.weight(g.acuity());
            int[] minutesTo = minutesFrom.computeIfAbsent(g.origin(), origin -> unknownMinutes(partners.size()));
            for (int p = 0; p < partners.size(); p++) {
                List<Integer> usable = poolsOf.get(p);
                Partner partner = partners.get(p);
                if (usable.isEmpty() || g.excluded().contains(partner.hospital())
                        || !partner.capabilities().containsAll(g.capabilities())) {
                    continue;
                }
                for (int i : usable) {
                    int pen = penalty[g.category().ordinal()][pools.get(i).category().ordinal()];
                    if (pen < 0) {
                        continue;
                    }
                    if (minutesTo[p] == NOT_ASKED) {
                        minutesTo[p] = travel.minutes(g.origin(), partner.hospital()).orElse(NO_ROAD);
                    }
                    int minutes = minutesTo[p];
                    if (minutes == NO_ROAD || minutes > g.maxTravelMinutes()) {
                        break;
                    }
                    boolean elsewhere = !g.preferred().isEmpty() && !g.preferred().contains(partner.hospital());
                    found.add(new Option(i, minutes, pen, pools.get(i).category() != g.category(),
                            weight * (minutes + pen) + (elsewhere ? NOT_PREFERRED : 0)));
                }
            }
            found.sort(Comparator.comparingLong(Option::unitCost).thenComparingInt(Option::travelMinutes));
            all.add(enough(found, pools, competing[g.category().ordinal()]));
        }
        return all;
    }

    private static int[] unknownMinutes(int partners) {
        int[] minutes = new int[partners];
        Arrays.fill(minutes, NOT_ASKED);
        return minutes;
    }

    /**
     * For each category needed, how many patients may take a bed of the categories it may use:
     * its own and those of every category sharing a usable one with it (through substitutions).
     */
    private static long[] competing(List<PatientGroup> groups, int[][] penalty) {
        int n = penalty.length;
        long[] needing = new long[n];
        groups.forEach(g -> needing[g.category().ordinal()] += g.count());
        long[] competing = new long[n];
        for (int mine = 0; mine < n; mine++) {
            for (int theirs = 0; theirs < n; theirs++) {
                for (int used = 0; used < n; used++) {
                    if (penalty[mine][used] >= 0 && penalty[theirs][used] >= 0) {
                        competing[mine] += needing[theirs];
                        break;
                    }
                }
            }
        }
        return competing;
    }

    /**
     * The cheapest options up to the first that brings their beds to the number of patients who
     * may compete for them: no optimum needs a dearer one. (Were a patient sent dearer, or left
     * unplaced, one of those beds would be free - only the other competitors can take them - and
     * moving it there would cost less.) Greedy is unchanged by the cut for the same reason.
     */
    private static List<Option> enough(List<Option> sorted, List<Pool> pools, long competitors) {
        long beds = 0;
        for (int i = 0; i < sorted.size(); i++) {
            beds += pools.get(sorted.get(i).pool()).usable();
            if (beds >= competitors) {
                return sorted.subList(0, i + 1);
            }
        }
        return sorted;
    }

    // ---- the optimum -----------------------------------------------------------------------------

    private Plan optimal(List<PatientGroup> groups, List<Partner> partners, List<Pool> pools, List<List<Option>> options) {
        loadNatives();
        long started = System.nanoTime();
        int sink = groups.size() + pools.size();
        long patients = groups.stream().mapToLong(PatientGroup::count).sum();
        long worstAssignment = 1;
        for (List<Option> os : options) {
            for (Option o : os) {
                worstAssignment = Math.max(worstAssignment, o.unitCost());
            }
        }
        // Leaving a patient unplaced costs more than any set of assignments could save.
        long unplacedUnit = worstAssignment * patients + 1;
        MinCostFlow flow = new MinCostFlow();
        List<int[]> arcs = new ArrayList<>(); // {arc, group, option index}
        int[] unplacedArc = new int[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            PatientGroup group = groups.get(g);
            flow.setNodeSupply(g, group.count());
            List<Option> os = options.get(g);
            for (int o = 0; o < os.size(); o++) {
                int arc = flow.addArcWithCapacityAndUnitCost(g, groups.size() + os.get(o).pool(), group.count(), os.get(o).unitCost());
                arcs.add(new int[]{arc, g, o});
            }
            unplacedArc[g] = flow.addArcWithCapacityAndUnitCost(g, sink, group.count(),
                    unplacedUnit * rules.weight(group.acuity()));
        }
        for (int p = 0; p < pools.size(); p++) {
            flow.addArcWithCapacityAndUnitCost(groups.size() + p, sink, pools.get(p).usable(), 0);
        }
        flow.setNodeSupply(sink, -patients);
        MinCostFlowBase.Status status = flow.solve();
        if (status != MinCostFlowBase.Status.OPTIMAL) {
            throw new IllegalStateException("min-cost flow ended " + status + " on a network that always has a solution");
        }
        List<Plan.Placement> placements = new ArrayList<>();
        int[] next = new int[groups.size()];
        for (int[] a : arcs) {
            long n = flow.getFlow(a[0]);
            Option o = options.get(a[1]).get(a[2]);
            for (long i = 0; i < n; i++) {
                placements.add(placement(groups.get(a[1]), next[a[1]]++, pools.get(o.pool()), o));
            }
        }
        List<Plan.Unplaced> unplaced = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            for (long i = flow.getFlow(unplacedArc[g]); i > 0; i--) {
                unplaced.add(new Plan.Unplaced(groups.get(g).reference(), next[g]++, reason(groups.get(g), options.get(g), partners)));
            }
        }
        return plan(Plan.Method.OPTIMAL, true, groups, placements, unplaced, started);
    }

    private static synchronized void loadNatives() {
        if (!nativesLoaded) {
            Loader.loadNativeLibraries();
            nativesLoaded = true;
        }
    }

    // ---- the greedy plan ---------------------------------------------------------------------------

    /** Patients in acuity order (then as listed), each to the cheapest pool with a bed left. */
    private Plan greedy(List<PatientGroup> groups, List<Partner> partners, List<Pool> pools, List<List<Option>> options) {
        long started = System.nanoTime();
        int[] left = pools.stream().mapToInt(Pool::usable).toArray();
        List<Integer> order = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            order.add(g);
        }
        order.sort(Comparator.comparing(g -> groups.get(g).acuity()));
        List<Plan.Placement> placements = new ArrayList<>();
        List<Plan.Unplaced> unplaced = new ArrayList<>();
        for (int g : order) {
            PatientGroup group = groups.get(g);
            for (int patient = 0; patient < group.count(); patient++) {
                Option chosen = null;
                for (Option o : options.get(g)) {
                    if (left[o.pool()] > 0) {
                        chosen = o;
                        break;
                    }
                }
                if (chosen == null) {
                    unplaced.add(new Plan.Unplaced(group.reference(), patient, reason(group, options.get(g), partners)));
                } else {
                    left[chosen.pool()]--;
                    placements.add(placement(group, patient, pools.get(chosen.pool()), chosen));
                }
            }
        }
        return plan(Plan.Method.GREEDY_NEAREST, false, groups, placements, unplaced, started);
    }

    // ---- common --------------------------------------------------------------------------------------

    private static Plan.Placement placement(PatientGroup g, int patient, Pool pool, Option o) {
        return new Plan.Placement(g.reference(), patient, pool.hospital(), pool.category(), o.travelMinutes(), o.substituted());
    }

    /** Why a patient of this group stays unplaced: nothing fits within reach, or others took what did. */
    private Plan.Reason reason(PatientGroup g, List<Option> options, List<Partner> partners) {
        if (!options.isEmpty()) {
            return Plan.Reason.BEDS_TAKEN;
        }
        for (Partner p : partners) {
            if ((p.stale() && rules.excludeStale()) || g.excluded().contains(p.hospital())) {
                continue;
            }
            boolean bedThere = false;
            for (BedCategory c : BedCategory.values()) {
                bedThere |= rules.penalty(g.category(), c).isPresent() && rules.usableBeds(p, c) > 0;
            }
            OptionalInt minutes = travel.minutes(g.origin(), p.hospital());
            if (bedThere && minutes.isPresent() && minutes.getAsInt() <= g.maxTravelMinutes()) {
                return Plan.Reason.CAPABILITY_MISSING;
            }
        }
        return Plan.Reason.NO_BED_WITHIN_REACH;
    }

    private Plan plan(Plan.Method method, boolean optimal, List<PatientGroup> groups, List<Plan.Placement> placements,
                      List<Plan.Unplaced> unplaced, long startedNanos) {
        Map<String, PatientGroup> byReference = new HashMap<>();
        groups.forEach(g -> byReference.put(g.reference(), g));
        long weighted = 0;
        int worst = 0;
        Map<HospitalId, Integer> load = new HashMap<>();
        for (Plan.Placement p : placements) {
            PatientGroup g = byReference.get(p.group());
            int penalty = rules.penalty(g.category(), p.category()).orElse(0);
            weighted += (long) rules.weight(g.acuity()) * (p.travelMinutes() + penalty);
            worst = Math.max(worst, p.travelMinutes());
            load.merge(p.hospital(), 1, Integer::sum);
        }
        return new Plan(method, optimal, placements, unplaced, weighted, worst, load,
                Duration.ofNanos(System.nanoTime() - startedNanos));
    }
}
