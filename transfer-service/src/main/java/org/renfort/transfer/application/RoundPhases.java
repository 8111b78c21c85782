package org.renfort.transfer.application;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a negotiation round's time goes, phase by phase, as Micrometer timers with histogram
 * buckets ({@code renfort_negotiation_phase_seconds_bucket{phase=...}} on /q/metrics): the
 * transfer benchmark reads them before and after a phase of its load to split "request stored
 * -> first offer sent" into its steps.
 */
@ApplicationScoped
class RoundPhases {
    enum Phase {
        /** From the request's commit to its first round starting on this instance's worker context. */
        FIRST_ROUND_HANDOFF,
        /** capacity-service's FindBeds (a planned transfer skips it). */
        FIND_BEDS,
        /** The transaction recording the round's offers. */
        RECORD_OFFERS,
        /** capacity-service placing the offers' holds (PlaceHolds, coalesced). */
        PLACE_HOLDS,
        /** The durable transaction opening the offers (on the hospitals' feed). */
        OPEN_OFFERS,
        /** A first round from its hand-off to its offers open: the service step after the request's commit. */
        FIRST_ROUND
    }

    private final Map<Phase, Timer> timers = new EnumMap<>(Phase.class);

    RoundPhases(MeterRegistry registry) {
        for (Phase phase : Phase.values()) {
            timers.put(phase, Timer.builder("renfort.negotiation.phase").tag("phase", phase.name().toLowerCase())
                    .description("a negotiation round's phases (transfer-service README, Performance)")
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
        }
    }

    /** Records the time since {@code startNanos} (System.nanoTime) under the phase. */
    void since(Phase phase, long startNanos) {
        timers.get(phase).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
