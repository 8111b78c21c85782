package org.renfort.transfer.api.grpc;

import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.Acuity;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.planner.Plan;
import org.renfort.planner.PlanRules;
import org.renfort.planner.Substitution;
import org.renfort.proto.plan.v1.Assignment;
import org.renfort.proto.plan.v1.HospitalShare;
import org.renfort.proto.plan.v1.PartnerLoad;
import org.renfort.proto.plan.v1.PlanRedistributionRequest;
import org.renfort.proto.plan.v1.RegionPicture;
import org.renfort.proto.plan.v1.StaleHospitals;
import org.renfort.servicekit.CommonEnums;
import org.renfort.servicekit.EnumBridge;
import org.renfort.servicekit.ProtoTime;
import org.renfort.transfer.domain.PatientReference;
import org.renfort.transfer.domain.plan.AssignmentStatus;
import org.renfort.transfer.domain.plan.PlanAssignment;
import org.renfort.transfer.domain.plan.PlanProgress;
import org.renfort.transfer.domain.plan.PlanRequest;
import org.renfort.transfer.domain.plan.PlanTotals;
import org.renfort.transfer.domain.plan.PlanView;
import org.renfort.transfer.domain.plan.PlannedGroup;
import org.renfort.transfer.domain.plan.RedistributionPlan;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Maps renfort.plan.v1 messages to the domain, validating on the way in, and plans back. */
@ApplicationScoped
public class PlanProtoMapper {
    static final EnumBridge<AssignmentStatus, org.renfort.proto.plan.v1.AssignmentStatus> ASSIGNMENT_STATUS =
            EnumBridge.of(AssignmentStatus.class, org.renfort.proto.plan.v1.AssignmentStatus.class);
    static final EnumBridge<Plan.Reason, org.renfort.proto.plan.v1.UnplacedReason> UNPLACED_REASON =
            EnumBridge.of(Plan.Reason.class, org.renfort.proto.plan.v1.UnplacedReason.class);
    /** A weight per acuity: an hour of travel weighs 4x for a red patient, 2x yellow, 1x green. */
    private static final Map<Acuity, Integer> ACUITY_WEIGHTS = PlanRules.defaults().acuityWeight();
    private static final int DEFAULT_USABLE_PERCENT = 80;

    public PlanRequest toDomain(PlanRedistributionRequest r) {
        List<PlannedGroup> groups = new ArrayList<>();
        for (int i = 0; i < r.getGroupsCount(); i++) {
            groups.add(group(r.getGroups(i), "groups[" + i + "]"));
        }
        var rules = r.getRules();
        int usable = rules.hasUsablePercent() ? rules.getUsablePercent() : DEFAULT_USABLE_PERCENT;
        checkPercent("rules.usable_percent", usable);
        Map<HospitalId, Double> shares = new HashMap<>();
        for (int i = 0; i < rules.getHospitalSharesCount(); i++) {
            HospitalShare share = rules.getHospitalShares(i);
            String field = "rules.hospital_shares[" + i + "]";
            checkPercent(field + ".usable_percent", share.getUsablePercent());
            if (shares.put(HospitalId.parse(field + ".hospital_id", share.getHospitalId()), share.getUsablePercent() / 100.0) != null) {
                throw new InvalidArgumentException(field + ".hospital_id", "names a hospital twice");
            }
        }
        List<Substitution> substitutions = new ArrayList<>();
        for (int i = 0; i < rules.getSubstitutionsCount(); i++) {
            var s = rules.getSubstitutions(i);
            String field = "rules.substitutions[" + i + "]";
            BedCategory needed = CommonEnums.BED_CATEGORY.toDomain(s.getNeeded(), field + ".needed");
            BedCategory used = CommonEnums.BED_CATEGORY.toDomain(s.getUsed(), field + ".used");
            try {
                substitutions.add(new Substitution(needed, used, s.getPenaltyMinutes()));
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException(field, e.getMessage());
            }
        }
        boolean excludeStale = rules.getStaleHospitals() != StaleHospitals.STALE_HOSPITALS_INCLUDE_FLAGGED;
        if (rules.getStaleHospitalsValue() > StaleHospitals.STALE_HOSPITALS_INCLUDE_FLAGGED_VALUE || rules.getStaleHospitalsValue() < 0) {
            throw new InvalidArgumentException("rules.stale_hospitals", "must be one of the listed values");
        }
        return new PlanRequest(groups, new PlanRules(usable / 100.0, shares, substitutions, excludeStale, ACUITY_WEIGHTS),
                new IdempotencyKey(r.getIdempotencyKey()));
    }

    private static void checkPercent(String field, int percent) {
        if (percent < 0 || percent > 100) {
            throw new InvalidArgumentException(field, "must be between 0 and 100 (got " + percent + ")");
        }
    }

    private static PlannedGroup group(org.renfort.proto.plan.v1.PatientGroup g, String field) {
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        for (int i = 0; i < g.getRequiredCapabilitiesCount(); i++) {
            capabilities.add(CommonEnums.CAPABILITY.toDomain(g.getRequiredCapabilities(i), field + ".required_capabilities[" + i + "]"));
        }
        List<PatientReference> patients = new ArrayList<>();
        for (int i = 0; i < g.getPatientReferencesCount(); i++) {
            String value = g.getPatientReferences(i);
            try {
                patients.add(new PatientReference(value));
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException(field + ".patient_references[" + i + "]",
                        "must be an opaque pseudonym of 6 to 64 characters among letters, digits and . _ : -");
            }
        }
        try {
            return new PlannedGroup(g.getReference(), TransferProtoMapper.origin(g.hasOrigin(), g.getOrigin(), field + ".origin"),
                    g.getCount(), CommonEnums.BED_CATEGORY.toDomain(g.getBedCategory(), field + ".bed_category"),
                    TransferEnums.ACUITY.toDomain(g.getAcuity(), field + ".acuity"),
                    CommonEnums.AGE_BAND.toDomain(g.getAgeBand(), field + ".age_band"), capabilities, g.getMaxTravelMinutes(),
                    new HashSet<>(TransferProtoMapper.hospitals(field + ".excluded_hospital_ids", g.getExcludedHospitalIdsList())),
                    new HashSet<>(TransferProtoMapper.hospitals(field + ".preferred_hospital_ids", g.getPreferredHospitalIdsList())),
                    patients);
        } catch (InvalidArgumentException e) {
            throw e.field().startsWith("groups[") ? e : e.under(field);
        }
    }

    public UUID planId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("plan_id", "must be a UUID (got '" + value + "')");
        }
    }

    public org.renfort.proto.plan.v1.Plan toProto(PlanView view) {
        RedistributionPlan p = view.plan();
        var picture = RegionPicture.newBuilder().setReadAt(ProtoTime.timestamp(p.picture().readAt()))
                .setAsOf(ProtoTime.timestamp(p.picture().asOf())).setPartners(p.picture().partners())
                .setOldestReportAgeSeconds(p.picture().oldestReportAgeSeconds());
        p.picture().staleHospitals().forEach(h -> picture.addStaleHospitalIds(h.value()));
        var plan = org.renfort.proto.plan.v1.Plan.newBuilder()
                .setPlanId(p.id().toString())
                .setCreatedBy(p.createdBy())
                .setCreatedAt(ProtoTime.timestamp(p.createdAt()))
                .setRegion(picture)
                .setProvenOptimal(p.provenOptimal())
                .setOptimal(totals(p.optimal()))
                .setGreedy(totals(p.greedy()))
                .setPlacedBeyondGreedy(p.placedBeyondGreedy())
                .setProgress(toProto(view.progress()));
        p.gapPercent().ifPresent(plan::setGapPercent);
        p.load().forEach((h, n) -> plan.addLoad(PartnerLoad.newBuilder().setHospitalId(h.value()).setPatients(n)));
        p.assignments().forEach(a -> plan.addAssignments(toProto(view, a)));
        return plan.build();
    }

    public Assignment toProto(PlanView view, PlanAssignment a) {
        var b = Assignment.newBuilder().setNumber(a.number()).setGroupReference(a.group())
                .setPatientReference(a.patient().value())
                .setBedCategory(CommonEnums.BED_CATEGORY.toProto(a.bedCategory()))
                .setSubstituted(a.substituted()).setTravelMinutes(a.travelMinutes())
                .setStatus(ASSIGNMENT_STATUS.toProto(view.statusOf(a))).setStaleFigures(a.staleFigures());
        a.hospital().ifPresent(h -> b.setHospitalId(h.value()));
        a.unplacedReason().ifPresent(r -> b.setUnplacedReason(UNPLACED_REASON.toProto(r)));
        view.transferOf(a).ifPresent(t -> {
            b.setTransferId(t.transferId().toString());
            t.destination().filter(d -> !a.hospital().equals(java.util.Optional.of(d)))
                    .ifPresent(d -> b.setDestinationHospitalId(d.value()));
        });
        return b.build();
    }

    public org.renfort.proto.plan.v1.PlanProgress toProto(PlanProgress p) {
        return org.renfort.proto.plan.v1.PlanProgress.newBuilder()
                .setPlanned(p.count(AssignmentStatus.PLANNED)).setOffered(p.count(AssignmentStatus.OFFERED))
                .setAccepted(p.count(AssignmentStatus.ACCEPTED)).setInTransit(p.count(AssignmentStatus.IN_TRANSIT))
                .setArrived(p.count(AssignmentStatus.ARRIVED)).setUnplaced(p.count(AssignmentStatus.UNPLACED))
                .setCancelled(p.count(AssignmentStatus.CANCELLED)).build();
    }

    private static org.renfort.proto.plan.v1.PlanTotals totals(PlanTotals t) {
        return org.renfort.proto.plan.v1.PlanTotals.newBuilder().setPlaced(t.placed()).setUnplaced(t.unplaced())
                .setWeightedMinutes(t.weightedMinutes()).setWorstTravelMinutes(t.worstTravelMinutes())
                .setSolveMicros(t.solveMicros()).build();
    }
}
