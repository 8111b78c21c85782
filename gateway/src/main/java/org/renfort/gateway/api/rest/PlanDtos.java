package org.renfort.gateway.api.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.renfort.gateway.api.rest.TransferDtos.OriginView;

import java.time.Instant;
import java.util.List;

/** The JSON shapes of the redistribution-plan endpoints. Enum values are the proto names without prefix. */
public final class PlanDtos {
    private PlanDtos() {
    }

    @Schema(name = "PatientGroup", description = "Patients who need the same thing from the same place; one patient is a group of one.")
    public record GroupInput(@Schema(required = true, examples = "icu-ventilated", description = "unique in the plan; letters, digits, . _ : -")
                             @NotNull @Size(max = InputLimits.GROUP_REFERENCE) String reference,
                             @Schema(required = true, description = "an origin hospital is being evacuated: it receives nobody from the plan")
                             @NotNull @Valid OriginView origin,
                             @Schema(required = true, examples = "12") @Min(1) @Max(InputLimits.GROUP_COUNT) int count,
                             @Schema(required = true, examples = "ADULT_ICU") String bedCategory,
                             @Schema(required = true, examples = "URGENT") String acuity,
                             @Schema(required = true, examples = "ADULT") String ageBand,
                             @Size(max = InputLimits.CAPABILITIES) List<String> requiredCapabilities,
                             @Schema(required = true, examples = "90") @Min(1) @Max(InputLimits.PLAN_TRAVEL_MINUTES) int maxTravelMinutes,
                             @Size(max = InputLimits.LISTED_HOSPITALS) List<@Size(max = InputLimits.HOSPITAL_ID) String> excludedHospitalIds,
                             @Schema(description = "used first whenever they have a usable bed within reach")
                             @Size(max = InputLimits.LISTED_HOSPITALS) List<@Size(max = InputLimits.HOSPITAL_ID) String> preferredHospitalIds,
                             @Schema(description = "the origin's pseudonymous references, one per patient; absent: the plan numbers them")
                             @Size(max = InputLimits.GROUP_COUNT) List<@Size(max = InputLimits.PATIENT_REFERENCE) String> patientReferences) {
    }

    @Schema(name = "HospitalShare")
    public record ShareInput(@Schema(required = true, examples = "590000025") @NotNull @Size(max = InputLimits.HOSPITAL_ID) String hospitalId,
                             @Schema(required = true, examples = "50") @Min(0) @Max(100) int usablePercent) {
    }

    @Schema(name = "Substitution", description = "A patient needing one category may take a bed of another, at a penalty counted as minutes of travel.")
    public record SubstitutionInput(@Schema(required = true, examples = "MEDICINE") String needed,
                                    @Schema(required = true, examples = "INTERMEDIATE_CARE") String used,
                                    @Schema(examples = "30") @Min(0) @Max(InputLimits.PLAN_TRAVEL_MINUTES) int penaltyMinutes) {
    }

    @Schema(name = "PlanRules")
    public record RulesInput(@Schema(description = "percent of each partner's free beds the plan may use; default 80", examples = "80")
                             @Min(0) @Max(100) Integer usablePercent,
                             @Size(max = InputLimits.HOSPITAL_SHARES) List<@Valid ShareInput> hospitalShares,
                             @Size(max = InputLimits.SUBSTITUTIONS) List<@Valid SubstitutionInput> substitutions,
                             @Schema(description = "EXCLUDE (default) or INCLUDE_FLAGGED", examples = "EXCLUDE") String staleHospitals) {
    }

    @Schema(name = "PlanRequest")
    public record PlanInput(@Schema(required = true) @NotNull @Size(max = InputLimits.PLAN_GROUPS) List<@Valid GroupInput> groups,
                            @Valid RulesInput rules) {
    }

    @Schema(name = "PlanApproval", description = "Approve the named groups, or every group not approved yet when none is named.")
    public record ApprovalInput(@Size(max = InputLimits.PLAN_GROUPS) List<@Size(max = InputLimits.GROUP_REFERENCE) String> groupReferences,
                                @Schema(description = "NEGOTIATE (default): a patient whose planned hospital refuses is offered "
                                        + "to the region; WAIT_FOR_COORDINATOR: it waits UNPLACED", examples = "NEGOTIATE")
                                String whenRefused) {
    }

    @Schema(name = "PlanAssignment")
    public record AssignmentView(int number, String groupReference, String patientReference,
                                 @Schema(description = "the planned hospital; absent when unplaced") String hospitalId,
                                 @Schema(examples = "ADULT_ICU") String bedCategory, boolean substituted, int travelMinutes,
                                 @Schema(examples = "BEDS_TAKEN") String unplacedReason,
                                 @Schema(examples = "OFFERED") String status, String transferId,
                                 @Schema(description = "the hospital that accepted, when not the planned one") String destinationHospitalId,
                                 boolean staleFigures) {
    }

    @Schema(name = "PlanTotals")
    public record TotalsView(int placed, int unplaced, long weightedMinutes, int worstTravelMinutes, long solveMicros) {
    }

    @Schema(name = "PlanProgress")
    public record ProgressView(int planned, int offered, int accepted, int inTransit, int arrived, int unplaced, int cancelled) {
    }

    @Schema(name = "PlanRegionPicture")
    public record PictureView(Instant readAt, Instant asOf, int partners, List<String> staleHospitalIds,
                              long oldestReportAgeSeconds) {
    }

    @Schema(name = "PartnerLoad")
    public record LoadView(String hospitalId, int patients) {
    }

    @Schema(name = "Plan")
    public record PlanView(String planId, String createdBy, Instant createdAt, PictureView region, boolean provenOptimal,
                           TotalsView optimal, @Schema(description = "the nearest-free-bed plan on the same picture") TotalsView greedy,
                           int placedBeyondGreedy,
                           @Schema(description = "weighted travel saved against greedy, in %, when both place as many") Double gapPercent,
                           List<LoadView> load, ProgressView progress, List<AssignmentView> assignments) {
    }

    @Schema(name = "PlanProgressEvent", description = "A plan's live progress (event `progress`): the counts, and the "
            + "assignments whose status changed since the previous event (all of them in the first)")
    public record ProgressEventView(ProgressView progress, List<AssignmentView> changed, Instant observedAt) {
    }

    @Schema(name = "PlanApproved")
    public record ApprovedView(int transfersCreated, PlanView plan) {
    }
}
