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
import java.util.function.Consumer;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.RegionChange;
import java.util.List;

/** Questions about the whole region, answered from the in-memory view: no database scan per call. */
@ApplicationScoped
public class RegionQueries {
    private final RegionView region;
    private final BedFinder finder;
    private final FreshnessPolicy freshness;
    private final PictureClock pictures;
    private final Clock clock;

    RegionQueries(RegionView region, BedFinder finder, FreshnessPolicy freshness, PictureClock pictures, Clock clock) {
        this.region = region;
        this.finder = finder;
        this.freshness = freshness;
        this.pictures = pictures;
        this.clock = clock;
    }

    public record Found(List<BedFinder.Candidate> candidates, AsOf asOf) {
    }

    public record Overdue(List<OverdueHospital> hospitals, Duration staleAfter, boolean regionInCrisis) {
    }

    /** The region at a position, with the instant and freshness limit its ages are computed at. */
    public record RegionPicture(long position, List<HospitalState> hospitals, AsOf asOf) {
    }

    /** One change as told to a watcher: the hospital after it, and the time its ages are computed at. */
    public record ChangeTold(long position, RegionChange.Kind kind, Instant occurredAt, HospitalState hospital, AsOf asOf) {
    }

    public RegionPicture snapshot() {
        return picture(region.snapshot());
    }

    /**
     * The region from a snapshot, or from a position on, as it changes; the answer stops the watch.
     * A position the view no longer holds is refused (FAILED_PRECONDITION): start from a snapshot.
     */
    public Runnable watch(long afterPosition, Consumer<RegionPicture> onSnapshot, Consumer<ChangeTold> onChange) {
        RegionView.Watcher watcher = region.watch(afterPosition, snapshot -> onSnapshot.accept(picture(snapshot)),
                applied -> onChange.accept(new ChangeTold(applied.position(), applied.kind(), applied.occurredAt(),
                        applied.hospital(), pictures.now())));
        return watcher::cancel;
    }

    private RegionPicture picture(RegionView.Snapshot snapshot) {
        return new RegionPicture(snapshot.position(), snapshot.hospitals(), pictures.now());
    }

    /** Where a hospital is, to search from it. */
    public GeoPoint locationOf(HospitalId hospital) {
        return region.hospital(hospital).map(h -> h.hospital().location())
                .orElseThrow(() -> new NotFoundException("hospital " + hospital + " not found"));
    }

    public Found findBeds(BedSearch search) {
        boolean crisis = region.isInCrisis();
        AsOf asOf = freshness.asOf(clock.instant(), crisis);
        List<HospitalState> hospitals = region.hospitals();
        return new Found(finder.find(hospitals, search, asOf.at(), freshness, crisis), asOf);
    }

    public Overdue overdue() {
        boolean crisis = region.isInCrisis();
        Duration limit = freshness.limit(crisis);
        return new Overdue(OverdueHospital.in(region.hospitals(), clock.instant(), limit), limit, crisis);
    }
}
