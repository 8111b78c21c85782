package org.renfort.capacity.application;

import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.BedFinder;
import org.renfort.capacity.domain.BedSearch;
import org.renfort.capacity.domain.FreshnessPolicy;
import org.renfort.capacity.domain.HospitalState;
import org.renfort.capacity.domain.OverdueHospital;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.NotFoundException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Questions about the whole region, answered from the in-memory view: no database scan per call. */
@ApplicationScoped
public class RegionQueries {
    private final RegionView region;
    private final BedFinder finder;
    private final FreshnessPolicy freshness;
    private final Clock clock;

    RegionQueries(RegionView region, BedFinder finder, FreshnessPolicy freshness, Clock clock) {
        this.region = region;
        this.finder = finder;
        this.freshness = freshness;
        this.clock = clock;
    }

    public record Found(List<BedFinder.Candidate> candidates, Duration staleAfter, Instant asOf) {
    }

    public record Overdue(List<OverdueHospital> hospitals, Duration staleAfter, boolean regionInCrisis) {
    }

    /** Where a hospital is, to search from it. */
    public GeoPoint locationOf(HospitalId hospital) {
        return region.hospital(hospital).map(h -> h.hospital().location())
                .orElseThrow(() -> new NotFoundException("hospital " + hospital + " not found"));
    }

    public Found findBeds(BedSearch search) {
        boolean crisis = region.isInCrisis();
        Instant now = clock.instant();
        List<HospitalState> hospitals = region.hospitals();
        return new Found(finder.find(hospitals, search, now, freshness, crisis), freshness.limit(crisis), now);
    }

    public Overdue overdue() {
        boolean crisis = region.isInCrisis();
        Duration limit = freshness.limit(crisis);
        return new Overdue(OverdueHospital.in(region.hospitals(), clock.instant(), limit), limit, crisis);
    }
}
