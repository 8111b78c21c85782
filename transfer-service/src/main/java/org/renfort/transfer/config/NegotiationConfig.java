package org.renfort.transfer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Negotiation settings; defaults follow the practice of regional crisis cells. */
@ConfigMapping(prefix = "renfort.transfer")
public interface NegotiationConfig {
    /** K: hospitals asked at once, by acuity. */
    @WithDefault("3")
    int offersAtOnceImmediate();

    @WithDefault("2")
    int offersAtOnceUrgent();

    @WithDefault("1")
    int offersAtOncePlanned();

    /** How long a hospital has to answer, by acuity (the bed is held that long). */
    @WithDefault("5m")
    Duration deadlineImmediate();

    @WithDefault("15m")
    Duration deadlineUrgent();

    @WithDefault("30m")
    Duration deadlinePlanned();

    /** How long the accepted bed stays held for the journey (at most 24 h: capacity-service's limit). */
    @WithDefault("6h")
    Duration holdUntilArrival();

    /** How often an unplaced transfer looks again when the regional stream brings nothing. */
    @WithDefault("2m")
    Duration unplacedRetry();

    /** How long a claimed round or hold call may take before another instance may take it over. */
    @WithDefault("30s")
    Duration lease();

    /** How often each instance looks for due work when nothing woke it (deadlines, leases, retries). */
    @WithDefault("1s")
    Duration tick();

    /** Pause before calling capacity-service again after it failed. */
    @WithDefault("2s")
    Duration retryDelay();
}
