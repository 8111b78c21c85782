package org.renfort.capacity.domain;

import org.renfort.kernel.TravelTimeEstimator;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Ranks the hospitals that can take a patient now: a bed of the category effectively available
 * (reported available minus held), the capabilities needed, within the travel time - nearest
 * first. Closed and evacuating facilities are left out; compromised ones and stale figures are
 * kept but flagged, for a human to judge.
 */
public final class BedFinder {
    private final TravelTimeEstimator travel;

    public BedFinder(TravelTimeEstimator travel) {
        this.travel = travel;
    }

    public record Candidate(HospitalState hospital, CategoryState beds, Duration travelTime, boolean compromised,
                            boolean stale) {
    }

    public List<Candidate> find(Collection<HospitalState> region, BedSearch search, Instant now, FreshnessPolicy freshness,
                                boolean regionInCrisis) {
        var needed = search.neededCapabilities();
        return region.stream()
                .filter(h -> !h.hospital().retired())
                .filter(h -> search.originHospital().map(origin -> !origin.equals(h.hospital().id())).orElse(true))
                .filter(h -> h.currentStatus().map(s -> s.facility() != FacilityStatus.CLOSED
                        && s.facility() != FacilityStatus.EVACUATING).orElse(true))
                .filter(h -> h.hospital().capabilities().containsAll(needed))
                .flatMap(h -> Optional.ofNullable(h.categories().get(search.category()))
                        .filter(c -> c.effectiveAvailable() > 0)
                        .map(c -> new Candidate(h, c, travel.estimate(search.origin(), h.hospital().location()),
                                h.currentStatus().map(s -> s.facility() == FacilityStatus.COMPROMISED).orElse(false),
                                freshness.of(new Reported<>(c.beds(), c.reportedAt(), c.source()), now, regionInCrisis).stale()))
                        .stream())
                .filter(c -> c.travelTime().compareTo(search.maxTravel()) <= 0)
                .sorted(Comparator.comparing(Candidate::travelTime)
                        .thenComparing(c -> -c.beds().effectiveAvailable())
                        .thenComparing(c -> c.hospital().hospital().id().value()))
                .limit(search.limit())
                .toList();
    }
}
