package org.renfort.transfer.domain.plan;

import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.TravelTimeEstimator;
import org.renfort.planner.Partner;
import org.renfort.planner.PatientGroup;
import org.renfort.planner.Plan;
import org.renfort.planner.PlanComparison;
import org.renfort.planner.RedistributionPlanner;
import org.renfort.transfer.domain.Origin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A redistribution plan as stored: the groups asked for, the picture it was computed on, the
 * optimum beside the greedy plan, one assignment per patient, and which groups were approved.
 * Written once when computed; approval only links assignments to the transfers it creates.
 */
public record RedistributionPlan(UUID id, String createdBy, Instant createdAt, PlanPicture picture, boolean provenOptimal,
                                 PlanTotals optimal, PlanTotals greedy, List<PlannedGroup> groups,
                                 Map<String, Approval> approvals, List<PlanAssignment> assignments) {

    /** Who approved a group, and when. */
    public record Approval(String by, Instant at) {
    }

    public RedistributionPlan {
        groups = List.copyOf(groups);
        approvals = Map.copyOf(approvals);
        assignments = List.copyOf(assignments);
    }

    /**
     * Computes the plan on the picture: origin hospitals are being evacuated and receive nobody;
     * travel from where each group is to each partner is estimated from their locations.
     */
    public static RedistributionPlan compute(UUID id, PlanRequest request, RegionAtPlanning region, TravelTimeEstimator roads,
                                             String by, Instant now) {
        Set<HospitalId> evacuated = request.origins();
        List<Partner> partners = region.partners().stream().filter(p -> !evacuated.contains(p.hospital())).toList();
        List<PatientGroup> patients = new ArrayList<>();
        for (int i = 0; i < request.groups().size(); i++) {
            PlannedGroup g = request.groups().get(i);
            patients.add(new PatientGroup(g.reference(), where(g.origin(), region, "groups[" + i + "].origin"), g.count(),
                    g.bedCategory(), g.acuity(), g.neededCapabilities(), g.maxTravelMinutes(), g.excluded(), g.preferred()));
        }
        PlanComparison computed = new RedistributionPlanner(request.rules(), (from, to) -> minutes(roads, from,
                region.locations().get(to))).plan(patients, partners);

        List<HospitalId> staleHospitals = region.staleHospitals();
        Set<HospitalId> stale = new HashSet<>(staleHospitals);
        Map<String, Map<Integer, PlanAssignment>> byGroup = new HashMap<>();
        String prefix = id.toString().substring(0, 8);
        Map<String, PlannedGroup> groups = new HashMap<>();
        request.groups().forEach(g -> groups.put(g.reference(), g));
        for (Plan.Placement p : computed.optimal().placements()) {
            PlannedGroup g = groups.get(p.group());
            byGroup.computeIfAbsent(p.group(), k -> new TreeMap<>()).put(p.patient(), new PlanAssignment(0, p.group(),
                    g.patient(prefix, p.patient()), Optional.of(p.hospital()), p.category(), p.substituted(), p.travelMinutes(),
                    Optional.empty(), stale.contains(p.hospital()), Optional.empty()));
        }
        for (Plan.Unplaced u : computed.optimal().unplaced()) {
            PlannedGroup g = groups.get(u.group());
            byGroup.computeIfAbsent(u.group(), k -> new TreeMap<>()).put(u.patient(), new PlanAssignment(0, u.group(),
                    g.patient(prefix, u.patient()), Optional.empty(), g.bedCategory(), false, 0, Optional.of(u.reason()),
                    false, Optional.empty()));
        }
        List<PlanAssignment> assignments = new ArrayList<>();
        for (PlannedGroup g : request.groups()) {
            // Numbered from 1 in the order of the request's groups, then of their patients.
            for (PlanAssignment a : byGroup.getOrDefault(g.reference(), Map.of()).values()) {
                assignments.add(a.numbered(assignments.size() + 1));
            }
        }
        PlanPicture picture = new PlanPicture(region.readAt(), region.asOf(), partners.size(), staleHospitals,
                region.oldestReportAgeSeconds());
        return new RedistributionPlan(id, by, now, picture, computed.optimal().provenOptimal(),
                PlanTotals.of(computed.optimal()), PlanTotals.of(computed.greedy()), request.groups(), Map.of(), assignments);
    }

    private static GeoPoint where(Origin origin, RegionAtPlanning region, String field) {
        if (origin instanceof Origin.InTheField field1) {
            return field1.position();
        }
        HospitalId hospital = ((Origin.AtHospital) origin).hospitalId();
        GeoPoint at = region.locations().get(hospital);
        if (at == null) {
            throw new FailedPreconditionException(field + ".hospital_id: hospital " + hospital.value()
                    + " is not in the regional picture (retired?)");
        }
        return at;
    }

    private static OptionalInt minutes(TravelTimeEstimator roads, GeoPoint from, GeoPoint to) {
        if (to == null) {
            return OptionalInt.empty();
        }
        Duration d = roads.estimate(from, to);
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, (d.getSeconds() + 59) / 60));
    }

    // ---- what callers see ---------------------------------------------------------------------

    /** Patients the optimum places beyond the nearest-free-bed habit. */
    public int placedBeyondGreedy() {
        return optimal.placed() - greedy.placed();
    }

    /** Weighted travel saved against greedy, in %, when both place as many patients. */
    public OptionalDouble gapPercent() {
        if (placedBeyondGreedy() != 0) {
            return OptionalDouble.empty();
        }
        return greedy.weightedMinutes() == 0 ? OptionalDouble.of(0)
                : OptionalDouble.of(100.0 * (greedy.weightedMinutes() - optimal.weightedMinutes()) / greedy.weightedMinutes());
    }

    /** Patients planned per hospital. */
    public Map<HospitalId, Integer> load() {
        Map<HospitalId, Integer> load = new LinkedHashMap<>();
        assignments.stream().filter(PlanAssignment::isPlaced).forEach(a -> load.merge(a.hospital().get(), 1, Integer::sum));
        return load;
    }

    public PlannedGroup group(String reference) {
        return groups.stream().filter(g -> g.reference().equals(reference)).findFirst()
                .orElseThrow(() -> new IllegalStateException("assignment of unknown group " + reference));
    }

    // ---- approval -----------------------------------------------------------------------------

    /**
     * The assignments an approval of these groups (every group not approved yet, when none is
     * named) turns into transfers: the placed patients. Refused, with nothing changed, when the
     * picture is older than {@code maxAge}, a group is unknown or already approved, or nothing is
     * left to approve.
     */
    public ApprovalScope toApprove(List<String> groupReferences, Instant now, Duration maxAge) {
        Duration age = Duration.between(picture.readAt(), now);
        if (age.compareTo(maxAge) > 0) {
            throw new FailedPreconditionException("the plan's picture of the region is " + age.toSeconds()
                    + " s old (limit " + maxAge.toSeconds() + " s): beds may have gone since; plan again");
        }
        Set<String> chosen = new HashSet<>();
        if (groupReferences.isEmpty()) {
            groups.stream().map(PlannedGroup::reference).filter(r -> !approvals.containsKey(r)).forEach(chosen::add);
        } else {
            for (int i = 0; i < groupReferences.size(); i++) {
                String ref = groupReferences.get(i);
                if (groups.stream().noneMatch(g -> g.reference().equals(ref))) {
                    throw new InvalidArgumentException("group_references[" + i + "]", "no group \"" + ref + "\" in plan " + id);
                }
                if (approvals.containsKey(ref)) {
                    throw new FailedPreconditionException("group_references[" + i + "]: group \"" + ref
                            + "\" was already approved by " + approvals.get(ref).by() + " at " + approvals.get(ref).at());
                }
                chosen.add(ref);
            }
        }
        if (chosen.isEmpty()) {
            throw new FailedPreconditionException("every group of plan " + id + " is already approved");
        }
        List<PlanAssignment> approved = assignments.stream().filter(a -> chosen.contains(a.group()) && a.isPlaced()).toList();
        if (approved.isEmpty()) {
            throw new FailedPreconditionException("the groups approved have no placed patient: nothing to offer");
        }
        return new ApprovalScope(Set.copyOf(chosen), approved);
    }

    /** The groups an approval covers, and their placed patients, each to become a transfer. */
    public record ApprovalScope(Set<String> groups, List<PlanAssignment> assignments) {
    }

}
