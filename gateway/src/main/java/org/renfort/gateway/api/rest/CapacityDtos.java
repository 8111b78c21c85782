package org.renfort.gateway.api.rest;

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
    public record HospitalInput(@Schema(description = "FINESS number; on create only", examples = "590000017") String hospitalId,
                                @Schema(required = true) String name,
                                @Schema(required = true, examples = "GENERAL_HOSPITAL") String kind,
                                @Schema(required = true) Double latitude, @Schema(required = true) Double longitude,
                                @Schema(required = true, examples = "59") String department,
                                boolean hasEmergencyDepartment, List<String> capabilities) {
    }

    @Schema(name = "Retirement")
    public record RetirementInput(@Schema(required = true, description = "why, at most 500 characters") String reason) {
    }

    @Schema(name = "Freshness", description = "When a figure was reported, its age and whether it is stale.")
    public record FreshnessView(Instant reportedAt, long ageSeconds, boolean stale,
                                @Schema(examples = "HOSPITAL_SYSTEM") String source) {
    }

    @Schema(name = "BedCount", description = "Rules: counts >= 0; occupied <= staffed; available <= staffed - occupied.")
    public record BedCountView(@Schema(examples = "ADULT_ICU", required = true) String category,
                               int staffed, int occupied, int available,
                               int additionalWithin24h, int additionalWithin72h) {
    }

    @Schema(name = "CategoryCapacity")
    public record CategoryCapacityView(BedCountView beds, FreshnessView freshness) {
    }

    @Schema(name = "HospitalStatus")
    public record StatusView(@Schema(examples = "NORMAL", required = true) String emergencyDepartmentStatus,
                             String emergencyDepartmentReason,
                             @Schema(examples = "COMPROMISED", required = true) String facilityStatus,
                             @Schema(examples = "PLAN_BLANC", required = true) String crisisPlanLevel) {
    }

    @Schema(name = "HospitalCapacity")
    public record CapacityView(String hospitalId, Instant asOf, List<CategoryCapacityView> categories,
                               StatusView status, FreshnessView statusFreshness) {
    }

    @Schema(name = "CapacityReport", description = "A report may cover some categories only, and the status or not.")
    public record CapacityReportInput(@Schema(required = true) Instant reportedAt, List<BedCountView> beds,
                                      StatusView status) {
    }

    @Schema(name = "PublishedReport")
    public record PublishedView(String reportId, String source, CapacityView capacity) {
    }
}
