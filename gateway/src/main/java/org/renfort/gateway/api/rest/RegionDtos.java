package org.renfort.gateway.api.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.renfort.gateway.api.rest.CapacityDtos.BedCountView;
import org.renfort.gateway.api.rest.CapacityDtos.FreshnessView;
import org.renfort.gateway.api.rest.CapacityDtos.HospitalView;
import org.renfort.gateway.api.rest.CapacityDtos.StatusView;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the regional endpoints. */
public final class RegionDtos {
    private RegionDtos() {
    }

    @Schema(name = "CategoryTotals", description = "Region-wide sums for one bed category.")
    public record CategoryTotals(String category, int hospitals, int staffed, int occupied, int available, int held,
                                 int effectiveAvailable, int additionalWithin24h, int additionalWithin72h, int staleHospitals) {
    }

    @Schema(name = "RegionSummary")
    public record RegionSummary(Instant asOf, long position, int hospitals, List<CategoryTotals> categories,
                                @Schema(description = "hospitals per facility status") Map<String, Integer> facilityStatus,
                                @Schema(description = "hospitals per emergency-department status") Map<String, Integer> emergencyDepartmentStatus,
                                @Schema(description = "hospitals per crisis plan level") Map<String, Integer> crisisPlan) {
    }

    @Schema(name = "CategoryPicture")
    public record CategoryPictureView(BedCountView beds, FreshnessView freshness,
                                      @Schema(description = "beds held for incoming transfers") int held,
                                      @Schema(description = "max(0, available - held)") int effectiveAvailable) {
    }

    @Schema(name = "HospitalPicture")
    public record HospitalPictureView(HospitalView hospital, List<CategoryPictureView> categories, StatusView status,
                                      FreshnessView statusFreshness) {
    }

    @Schema(name = "RegionPicture", description = "Every hospital of the region with its beds, holds, status and freshness, "
            + "as of a position of the regional change stream.")
    public record RegionPicture(Instant asOf, long position, List<HospitalPictureView> hospitals) {
    }

    @Schema(name = "RegionChange", description = "A change of the live regional stream (event `change`, id = position): "
            + "what happened and the hospital's picture right after it")
    public record RegionChangeView(long position, @Schema(examples = "CAPACITY_REPORTED") String kind, Instant occurredAt,
                                   HospitalPictureView hospital) {
    }

    @Schema(name = "BedCandidate")
    public record BedCandidateView(HospitalView hospital, BedCountView beds, int held, int effectiveAvailable,
                                   FreshnessView freshness, int travelMinutes,
                                   @Schema(description = "the facility runs with impaired means: call before sending") boolean compromised,
                                   StatusView status) {
    }

    @Schema(name = "BedSearchResult")
    public record BedSearchResult(List<BedCandidateView> candidates, long staleAfterSeconds) {
    }

    @Schema(name = "OverdueHospital")
    public record OverdueView(HospitalView hospital, Instant lastReportedAt, long ageSeconds) {
    }

    @Schema(name = "OverdueHospitals")
    public record OverdueList(List<OverdueView> hospitals, long staleAfterSeconds, boolean regionInCrisis) {
    }

    @Schema(name = "HistoryPoint")
    public record HistoryPointView(Instant reportedAt, String source, BedCountView beds) {
    }
}
