package org.renfort.transfer.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.renfort.kernel.Acuity;
import org.renfort.kernel.GreatCircleTravelTime;
import org.renfort.kernel.TravelTimeEstimator;
import org.renfort.transfer.domain.NegotiationPolicy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

@ApplicationScoped
public class DomainBeans {

    @Produces
    @Singleton
    Clock clock() {
        // Microseconds, PostgreSQL's precision: an instant compared with one read back (a lease) is equal.
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    @Produces
    @Singleton
    TravelTimeEstimator roads(PlanConfig config) {
        return new GreatCircleTravelTime(config.roadFactor(), config.averageSpeedKmh());
    }

    @Produces
    @Singleton
    NegotiationPolicy negotiationPolicy(NegotiationConfig config) {
        return new NegotiationPolicy(
                Map.of(Acuity.IMMEDIATE, config.offersAtOnceImmediate(), Acuity.URGENT, config.offersAtOnceUrgent(),
                        Acuity.PLANNED, config.offersAtOncePlanned()),
                Map.of(Acuity.IMMEDIATE, config.deadlineImmediate(), Acuity.URGENT, config.deadlineUrgent(),
                        Acuity.PLANNED, config.deadlinePlanned()),
                config.holdUntilArrival(), config.unplacedRetry());
    }
}
