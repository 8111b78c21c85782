package org.renfort.gateway.api.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** The JSON shapes of the capacity endpoints. Enum values are the proto names without prefix. */
public final class CapacityDtos {
    private CapacityDtos() {
    }

    @Schema(name = "Hospital")
    public record HospitalView(
            @Schema(description = "FINESS number", examples = "590000017") String hospitalId,
            String name,
            @Schema(examples = "GENERAL_HOSPITAL") String kind,
            double latitude, double longitude,
            @Schema(examples = "59") String department,
            boolean hasEmergencyDepartment,
            List<String> capabilities,
            boolean retired) {
    }

    @Schema(name = "HospitalEntry", description = "A registry entry as a coordinator writes it.")
    public record HospitalInput(@Schema(description = "FINESS number; on create only", examples = "590000017")
                                @Size(max = InputLimits.HOSPITAL_ID) String hospitalId,
                                @Schema(required = true) @NotNull @Size(max = InputLimits.HOSPITAL_NAME) String name,
                                @Schema(required = true, examples = "GENERAL_HOSPITAL") String kind,
                                @Schema(required = true) @NotNull @Min(-90) @Max(90) Double latitude,
                                @Schema(required = true) @NotNull @Min(-180) @Max(180) Double longitude,
                                @Schema(required = true, examples = "59") @NotNull @Size(max = InputLimits.DEPARTMENT) String department,
                                boolean hasEmergencyDepartment, @Size(max = InputLimits.CAPABILITIES) List<String> capabilities) {
    }

    @Schema(name = "Retirement")
    public record RetirementInput(@Schema(required = true, description = "why") @NotNull @Size(max = InputLimits.RETIREMENT_REASON) String reason) {
    }

    @Schema(name = "Freshness", description = "When a figure was reported, its age and whether it is stale.")
    public record FreshnessView(Instant reportedAt, long ageSeconds, boolean stale,
                                @Schema(examples = "HOSPITAL_SYSTEM") String source) {
    }

    @Schema(name = "BedCount", description = "Rules: counts >= 0; occupied <= staffed; available <= staffed - occupied.")
    public record BedCountView(@Schema(examples = "ADULT_ICU", required = true) String category,
                               @Min(0) @Max(InputLimits.BEDS) int staffed, @Min(0) @Max(InputLimits.BEDS) int occupied,
                               @Min(0) @Max(InputLimits.BEDS) int available,
                               @Min(0) @Max(InputLimits.BEDS) int additionalWithin24h, @Min(0) @Max(InputLimits.BEDS) int additionalWithin72h) {
    }

    @Schema(name = "CategoryCapacity")
    public record CategoryCapacityView(BedCountView beds, FreshnessView freshness) {
    }

    @Schema(name = "HospitalStatus")
    public record StatusView(@Schema(examples = "NORMAL", required = true) String emergencyDepartmentStatus,
                             @Size(max = InputLimits.EMERGENCY_DEPARTMENT_REASON) String emergencyDepartmentReason,
                             @Schema(examples = "COMPROMISED", required = true) String facilityStatus,
                             @Schema(examples = "PLAN_BLANC", required = true) String crisisPlanLevel) {
    }

    @Schema(name = "HospitalCapacity")
    public record CapacityView(String hospitalId, Instant asOf, List<CategoryCapacityView> categories,
                               StatusView status, FreshnessView statusFreshness) {
    }

    @Schema(name = "CapacityReport", description = "A report may cover some categories only, and the status or not.")
    public record CapacityReportInput(@Schema(required = true) @NotNull Instant reportedAt,
                                      @Size(max = InputLimits.BED_COUNTS) List<@Valid BedCountView> beds, @Valid StatusView status) {
    }

    @Schema(name = "PublishedReport")
    public record PublishedView(String reportId, String source, CapacityView capacity) {
    }
}
