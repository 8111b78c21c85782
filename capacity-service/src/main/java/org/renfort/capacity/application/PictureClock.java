package org.renfort.capacity.application;

import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.FreshnessPolicy;

import java.time.Clock;

/** When an answer is given and which freshness limit applies then: the region's crisis state decides. */
@ApplicationScoped
class PictureClock {
    private final RegionView region;
    private final FreshnessPolicy freshness;
    private final Clock clock;

    PictureClock(RegionView region, FreshnessPolicy freshness, Clock clock) {
        this.region = region;
        this.freshness = freshness;
        this.clock = clock;
    }

    AsOf now() {
        return freshness.asOf(clock.instant(), region.isInCrisis());
    }
}
