package org.renfort.capacity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "renfort.capacity")
public interface CapacityConfig {
    /** A figure older than this is flagged stale in every answer. */
    @WithDefault("4h")
    Duration staleAfter();

    /** The same limit while any hospital of the region has triggered its Plan blanc. */
    @WithDefault("1h")
    Duration staleAfterInCrisis();

    /** Road distance = great-circle distance x this factor. */
    @WithDefault("1.3")
    double roadFactor();

    /** Average speed of a road transfer, in km/h. */
    @WithDefault("60")
    double averageSpeedKmh();

    /**
     * PostgreSQL's transaction_timeout for every session of the service: no transaction of ours
     * lives longer (the region view relies on it to skip change-log holes).
     */
    @WithDefault("20s")
    Duration transactionTimeout();
}
