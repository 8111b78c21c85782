package org.renfort.capacity.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import org.renfort.capacity.domain.BedFinder;
import org.renfort.capacity.domain.FreshnessPolicy;
import org.renfort.kernel.GreatCircleTravelTime;

import java.time.Clock;

/** Exposes the framework-free domain policies as beans. */
@ApplicationScoped
public class DomainBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    FreshnessPolicy freshnessPolicy(CapacityConfig config) {
        return new FreshnessPolicy(config.staleAfter(), config.staleAfterInCrisis());
    }

    @Produces
    @Singleton
    BedFinder bedFinder(CapacityConfig config) {
        return new BedFinder(new GreatCircleTravelTime(config.roadFactor(), config.averageSpeedKmh()));
    }
}
