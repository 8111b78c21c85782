package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.Acuity;
import org.renfort.kernel.AgeBand;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.planner.Plan;
import org.renfort.transfer.domain.Origin;
import org.renfort.transfer.domain.PatientReference;
import org.renfort.transfer.domain.plan.PlanAssignment;
import org.renfort.transfer.domain.plan.PlanPicture;
import org.renfort.transfer.domain.plan.PlanTotals;
import org.renfort.transfer.domain.plan.PlannedGroup;
import org.renfort.transfer.domain.plan.RedistributionPlan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Plans, their groups and assignments, and approvals: one place maps them to rows and back. */
@ApplicationScoped
public class PlanRepository {

    /** A plan with the fingerprint of the request that created it. */
    public record Stored(RedistributionPlan plan, String fingerprint) {
    }

    /** An approval as recorded under its idempotency key. */
    public record StoredApproval(UUID planId, String fingerprint, int transfersCreated) {
    }

    public Uni<Optional<Stored>> findByIdempotencyKey(String createdBy, String key) {
        return PlanEntity.<PlanEntity>find("createdBy = ?1 and idempotencyKey = ?2", createdBy, key).firstResult()
                .chain(e -> e == null ? Uni.createFrom().item(Optional.<Stored>empty())
                        : load(e).map(p -> Optional.of(new Stored(p, e.fingerprint))));
    }

    public Uni<Optional<RedistributionPlan>> find(UUID id) {
        return PlanEntity.<PlanEntity>findById(id)
                .chain(e -> e == null ? Uni.createFrom().item(Optional.<RedistributionPlan>empty()) : load(e).map(Optional::of));
    }

    /** The plan under a row lock: approvals of one plan happen one after the other. Call inside a transaction. */
    public Uni<Optional<RedistributionPlan>> lock(UUID id) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("select * from plan where plan_id = :id for update",
                        PlanEntity.class).setParameter("id", id).getResultList())
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(Optional.<RedistributionPlan>empty())
                        : load(rows.get(0)).map(Optional::of));
    }

    /** Stores a new plan with its groups and assignments. Call inside a transaction. */
    public Uni<Void> insert(RedistributionPlan plan, String rules, String idempotencyKey, String fingerprint) {
        PlanEntity e = new PlanEntity();
        e.planId = plan.id();
        e.createdBy = plan.createdBy();
        e.createdAt = plan.createdAt();
        e.idempotencyKey = idempotencyKey;
        e.fingerprint = fingerprint;
        PlanPicture picture = plan.picture();
        e.pictureReadAt = picture.readAt();
        e.pictureAsOf = picture.asOf();
        e.partners = picture.partners();
        e.staleHospitalIds = join(picture.staleHospitals().stream().map(HospitalId::value).toList());
        e.oldestReportAgeSeconds = picture.oldestReportAgeSeconds();
        e.rules = rules;
        e.provenOptimal = plan.provenOptimal();
        PlanTotals o = plan.optimal();
        e.optimalPlaced = o.placed();
        e.optimalUnplaced = o.unplaced();
        e.optimalWeightedMinutes = o.weightedMinutes();
        e.optimalWorstTravel = o.worstTravelMinutes();
        e.optimalSolveMicros = o.solveMicros();
        PlanTotals g = plan.greedy();
        e.greedyPlaced = g.placed();
        e.greedyUnplaced = g.unplaced();
        e.greedyWeightedMinutes = g.weightedMinutes();
        e.greedyWorstTravel = g.worstTravelMinutes();
        e.greedySolveMicros = g.solveMicros();
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < plan.groups().size(); i++) {
            rows.add(groupRow(plan.id(), i, plan.groups().get(i)));
        }
        plan.assignments().forEach(a -> rows.add(assignmentRow(plan.id(), a)));
        // The plan first, then its groups, then the assignments that reference them.
        return Panache.getSession().chain(s -> s.persist(e).chain(s::flush).chain(() -> s.persistAll(rows.toArray())));
    }

    public Uni<Optional<StoredApproval>> approvalByKey(String approvedBy, String key) {
        return PlanApprovalEntity.<PlanApprovalEntity>find("approvedBy = ?1 and idempotencyKey = ?2", approvedBy, key)
                .firstResult()
                .map(e -> Optional.ofNullable(e).map(a -> new StoredApproval(a.planId, a.fingerprint, a.transfersCreated)));
    }

    /** Marks the groups approved and links each approved patient to its transfer. Call inside a transaction, after the plan's {@link #lock}. */
    public Uni<Void> recordApproval(UUID planId, Set<String> groups, List<PlanAssignment> approved, String by, Instant at,
                                    String idempotencyKey, String fingerprint) {
        PlanApprovalEntity approval = new PlanApprovalEntity();
        approval.approvedBy = by;
        approval.idempotencyKey = idempotencyKey;
        approval.planId = planId;
        approval.fingerprint = fingerprint;
        approval.transfersCreated = approved.size();
        approval.approvedAt = at;
        Map<Integer, UUID> transfers = new HashMap<>();
        approved.forEach(a -> transfers.put(a.number(), a.transferId().orElseThrow()));
        return Panache.getSession().chain(s -> s.persist(approval)
                .chain(() -> PlanGroupEntity.<PlanGroupEntity>list("planId = ?1 and reference in ?2", planId, groups))
                .invoke(rows -> rows.forEach(g -> {
                    g.approvedBy = by;
                    g.approvedAt = at;
                }))
                .chain(() -> PlanAssignmentEntity.<PlanAssignmentEntity>list("planId = ?1 and number in ?2", planId,
                        transfers.keySet()))
                .invoke(rows -> rows.forEach(a -> a.transferId = transfers.get(a.number)))
                .replaceWithVoid());
    }

    // ---- rows <-> domain ------------------------------------------------------------------------

    private Uni<RedistributionPlan> load(PlanEntity e) {
        return PlanGroupEntity.<PlanGroupEntity>list("planId = ?1 order by ordinal", e.planId)
                .chain(groups -> PlanAssignmentEntity.<PlanAssignmentEntity>list("planId = ?1 order by number", e.planId)
                        .map(assignments -> toDomain(e, groups, assignments)));
    }

    private static RedistributionPlan toDomain(PlanEntity e, List<PlanGroupEntity> groupRows, List<PlanAssignmentEntity> rows) {
        List<PlannedGroup> groups = new ArrayList<>();
        Map<String, RedistributionPlan.Approval> approvals = new HashMap<>();
        for (PlanGroupEntity g : groupRows) {
            Origin origin = g.originHospitalId != null ? new Origin.AtHospital(new HospitalId(g.originHospitalId))
                    : new Origin.InTheField(new GeoPoint(g.originLatitude, g.originLongitude));
            groups.add(new PlannedGroup(g.reference, origin, g.patientCount, BedCategory.valueOf(g.bedCategory),
                    Acuity.valueOf(g.acuity), AgeBand.valueOf(g.ageBand),
                    TransferRepository.split(g.requiredCapabilities).stream().map(Capability::valueOf).collect(Collectors.toSet()),
                    g.maxTravelMinutes,
                    TransferRepository.split(g.excludedHospitalIds).stream().map(HospitalId::new).collect(Collectors.toSet()),
                    TransferRepository.split(g.preferredHospitalIds).stream().map(HospitalId::new).collect(Collectors.toSet()),
                    TransferRepository.split(g.patientReferences).stream().map(PatientReference::new).toList()));
            if (g.approvedBy != null) {
                approvals.put(g.reference, new RedistributionPlan.Approval(g.approvedBy, g.approvedAt));
            }
        }
        List<PlanAssignment> assignments = rows.stream().map(a -> new PlanAssignment(a.number, a.groupReference,
                new PatientReference(a.patientReference), Optional.ofNullable(a.hospitalId).map(HospitalId::new),
                BedCategory.valueOf(a.bedCategory), a.substituted, a.travelMinutes,
                Optional.ofNullable(a.unplacedReason).map(Plan.Reason::valueOf), a.staleFigures,
                Optional.ofNullable(a.transferId))).toList();
        PlanPicture picture = new PlanPicture(e.pictureReadAt, e.pictureAsOf, e.partners,
                TransferRepository.split(e.staleHospitalIds).stream().map(HospitalId::new).toList(), e.oldestReportAgeSeconds);
        return new RedistributionPlan(e.planId, e.createdBy, e.createdAt, picture, e.provenOptimal,
                new PlanTotals(e.optimalPlaced, e.optimalUnplaced, e.optimalWeightedMinutes, e.optimalWorstTravel, e.optimalSolveMicros),
                new PlanTotals(e.greedyPlaced, e.greedyUnplaced, e.greedyWeightedMinutes, e.greedyWorstTravel, e.greedySolveMicros),
                groups, approvals, assignments);
    }

    private static PlanGroupEntity groupRow(UUID planId, int ordinal, PlannedGroup g) {
        PlanGroupEntity e = new PlanGroupEntity();
        e.planId = planId;
        e.reference = g.reference();
        e.ordinal = ordinal;
        if (g.origin() instanceof Origin.AtHospital at) {
            e.originHospitalId = at.hospitalId().value();
        } else if (g.origin() instanceof Origin.InTheField field) {
            e.originLatitude = field.position().latitude();
            e.originLongitude = field.position().longitude();
        }
        e.patientCount = g.count();
        e.bedCategory = g.bedCategory().name();
        e.acuity = g.acuity().name();
        e.ageBand = g.ageBand().name();
        e.requiredCapabilities = join(g.requiredCapabilities().stream().map(Enum::name).sorted().toList());
        e.maxTravelMinutes = g.maxTravelMinutes();
        e.excludedHospitalIds = join(g.excluded().stream().map(HospitalId::value).sorted().toList());
        e.preferredHospitalIds = join(g.preferred().stream().map(HospitalId::value).sorted().toList());
        e.patientReferences = join(g.patientReferences().stream().map(PatientReference::value).toList());
        return e;
    }

    private static PlanAssignmentEntity assignmentRow(UUID planId, PlanAssignment a) {
        PlanAssignmentEntity e = new PlanAssignmentEntity();
        e.planId = planId;
        e.number = a.number();
        e.groupReference = a.group();
        e.patientReference = a.patient().value();
        e.hospitalId = a.hospital().map(HospitalId::value).orElse(null);
        e.bedCategory = a.bedCategory().name();
        e.substituted = a.substituted();
        e.travelMinutes = a.travelMinutes();
        e.unplacedReason = a.unplacedReason().map(Enum::name).orElse(null);
        e.staleFigures = a.staleFigures();
        e.transferId = a.transferId().orElse(null);
        return e;
    }

    private static String join(List<String> values) {
        return String.join(",", values);
    }
}
