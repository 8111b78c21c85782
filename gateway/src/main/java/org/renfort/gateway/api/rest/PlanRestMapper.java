package org.renfort.gateway.api.rest;

import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.gateway.api.rest.PlanDtos.ApprovalInput;
import org.renfort.gateway.api.rest.PlanDtos.AssignmentView;
import org.renfort.gateway.api.rest.PlanDtos.GroupInput;
import org.renfort.gateway.api.rest.PlanDtos.LoadView;
import org.renfort.gateway.api.rest.PlanDtos.PictureView;
import org.renfort.gateway.api.rest.PlanDtos.PlanInput;
import org.renfort.gateway.api.rest.PlanDtos.PlanView;
import org.renfort.gateway.api.rest.PlanDtos.ProgressEventView;
import org.renfort.gateway.api.rest.PlanDtos.ProgressView;
import org.renfort.gateway.api.rest.PlanDtos.RulesInput;
import org.renfort.gateway.api.rest.PlanDtos.TotalsView;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.Capability;
import org.renfort.proto.plan.v1.ApprovePlanRequest;
import org.renfort.proto.plan.v1.Assignment;
import org.renfort.proto.plan.v1.HospitalShare;
import org.renfort.proto.plan.v1.PatientGroup;
import org.renfort.proto.plan.v1.Plan;
import org.renfort.proto.plan.v1.PlanProgress;
import org.renfort.proto.plan.v1.PlanRedistributionRequest;
import org.renfort.proto.plan.v1.PlanRules;
import org.renfort.proto.plan.v1.PlanTotals;
import org.renfort.proto.plan.v1.WatchPlanResponse;
import org.renfort.proto.plan.v1.StaleHospitals;
import org.renfort.proto.plan.v1.Substitution;
import org.renfort.proto.plan.v1.WhenRefused;
import org.renfort.proto.transfer.v1.Acuity;

import java.util.List;

import static org.renfort.gateway.api.rest.RestValues.instantOrNull;
import static org.renfort.gateway.api.rest.RestValues.parse;
import static org.renfort.gateway.api.rest.RestValues.strip;
import static org.renfort.gateway.api.rest.TransferRestMapper.orEmpty;

/** Maps the plan endpoints' JSON to PlanService's messages and back; malformed input names its field. */
@ApplicationScoped
public class PlanRestMapper {

    public PlanRedistributionRequest toRequest(PlanInput in, String idempotencyKey) {
        if (in == null) {
            throw new InvalidInput("body", "is required");
        }
        PlanRedistributionRequest.Builder request = PlanRedistributionRequest.newBuilder().setIdempotencyKey(orEmpty(idempotencyKey));
        List<GroupInput> groups = in.groups() == null ? List.of() : in.groups();
        for (int i = 0; i < groups.size(); i++) {
            request.addGroups(group(groups.get(i), "groups[" + i + "]"));
        }
        if (in.rules() != null) {
            request.setRules(rules(in.rules()));
        }
        return request.build();
    }

    private static PatientGroup group(GroupInput g, String field) {
        if (g == null) {
            throw new InvalidInput(field, "is required");
        }
        PatientGroup.Builder b = PatientGroup.newBuilder().setReference(orEmpty(g.reference()))
                .setOrigin(TransferRestMapper.origin(g.origin(), field + ".origin"))
                .setCount(g.count())
                .setBedCategory(parse(BedCategory.class, "BED_CATEGORY_", g.bedCategory(), field + ".bedCategory"))
                .setAcuity(parse(Acuity.class, "ACUITY_", g.acuity(), field + ".acuity"))
                .setAgeBand(parse(AgeBand.class, "AGE_BAND_", g.ageBand(), field + ".ageBand"))
                .setMaxTravelMinutes(g.maxTravelMinutes())
                .addAllExcludedHospitalIds(orEmpty(g.excludedHospitalIds()))
                .addAllPreferredHospitalIds(orEmpty(g.preferredHospitalIds()))
                .addAllPatientReferences(orEmpty(g.patientReferences()));
        List<String> capabilities = orEmpty(g.requiredCapabilities());
        for (int i = 0; i < capabilities.size(); i++) {
            b.addRequiredCapabilities(parse(Capability.class, "CAPABILITY_", capabilities.get(i), field + ".requiredCapabilities[" + i + "]"));
        }
        return b.build();
    }

    private static PlanRules rules(RulesInput in) {
        PlanRules.Builder rules = PlanRules.newBuilder();
        if (in.usablePercent() != null) {
            rules.setUsablePercent(in.usablePercent());
        }
        var shares = in.hospitalShares() == null ? List.<PlanDtos.ShareInput>of() : in.hospitalShares();
        for (int i = 0; i < shares.size(); i++) {
            if (shares.get(i) == null) {
                throw new InvalidInput("rules.hospitalShares[" + i + "]", "is required");
            }
            rules.addHospitalShares(HospitalShare.newBuilder().setHospitalId(orEmpty(shares.get(i).hospitalId()))
                    .setUsablePercent(shares.get(i).usablePercent()));
        }
        var substitutions = in.substitutions() == null ? List.<PlanDtos.SubstitutionInput>of() : in.substitutions();
        for (int i = 0; i < substitutions.size(); i++) {
            var s = substitutions.get(i);
            String field = "rules.substitutions[" + i + "]";
            if (s == null) {
                throw new InvalidInput(field, "is required");
            }
            rules.addSubstitutions(Substitution.newBuilder()
                    .setNeeded(parse(BedCategory.class, "BED_CATEGORY_", s.needed(), field + ".needed"))
                    .setUsed(parse(BedCategory.class, "BED_CATEGORY_", s.used(), field + ".used"))
                    .setPenaltyMinutes(s.penaltyMinutes()));
        }
        if (in.staleHospitals() != null) {
            rules.setStaleHospitals(parse(StaleHospitals.class, "STALE_HOSPITALS_", in.staleHospitals(), "rules.staleHospitals"));
        }
        return rules.build();
    }

    public ApprovePlanRequest toApproval(String planId, ApprovalInput in, String idempotencyKey) {
        ApprovePlanRequest.Builder b = ApprovePlanRequest.newBuilder().setPlanId(planId).setIdempotencyKey(orEmpty(idempotencyKey));
        if (in != null) {
            b.addAllGroupReferences(orEmpty(in.groupReferences()));
            if (in.whenRefused() != null) {
                b.setWhenRefused(parse(WhenRefused.class, "WHEN_REFUSED_", in.whenRefused(), "whenRefused"));
            }
        }
        return b.build();
    }

    public PlanView toView(Plan p) {
        var r = p.getRegion();
        return new PlanView(p.getPlanId(), p.getCreatedBy(), instantOrNull(p.hasCreatedAt(), p.getCreatedAt()),
                new PictureView(instantOrNull(r.hasReadAt(), r.getReadAt()), instantOrNull(r.hasAsOf(), r.getAsOf()),
                        r.getPartners(), r.getStaleHospitalIdsList(), r.getOldestReportAgeSeconds()),
                p.getProvenOptimal(), totals(p.getOptimal()), totals(p.getGreedy()), p.getPlacedBeyondGreedy(),
                p.hasGapPercent() ? p.getGapPercent() : null,
                p.getLoadList().stream().map(l -> new LoadView(l.getHospitalId(), l.getPatients())).toList(),
                progress(p.getProgress()), p.getAssignmentsList().stream().map(PlanRestMapper::toView).toList());
    }

    /** One message of a plan's live progress. */
    public ProgressEventView toView(WatchPlanResponse r) {
        return new ProgressEventView(progress(r.getProgress()), r.getChangedList().stream().map(PlanRestMapper::toView).toList(),
                instantOrNull(r.hasObservedAt(), r.getObservedAt()));
    }

    private static AssignmentView toView(Assignment a) {
        return new AssignmentView(a.getNumber(), a.getGroupReference(), a.getPatientReference(), emptyToNull(a.getHospitalId()),
                strip(a.getBedCategory(), "BED_CATEGORY_"), a.getSubstituted(), a.getTravelMinutes(),
                a.getUnplacedReasonValue() == 0 ? null : strip(a.getUnplacedReason(), "UNPLACED_REASON_"),
                strip(a.getStatus(), "ASSIGNMENT_STATUS_"), emptyToNull(a.getTransferId()),
                emptyToNull(a.getDestinationHospitalId()), a.getStaleFigures());
    }

    private static TotalsView totals(PlanTotals t) {
        return new TotalsView(t.getPlaced(), t.getUnplaced(), t.getWeightedMinutes(), t.getWorstTravelMinutes(), t.getSolveMicros());
    }

    private static ProgressView progress(PlanProgress p) {
        return new ProgressView(p.getPlanned(), p.getOffered(), p.getAccepted(), p.getInTransit(), p.getArrived(),
                p.getUnplaced(), p.getCancelled());
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
