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

    /** How long what is no longer needed is kept (README, Data lifecycle). */
    Retention retention();

    interface Retention {
        /**
         * Change-log entries older than this are deleted. The log only feeds the instances' region
         * views, which are seconds behind; one that fell further rebuilds its picture.
         */
        @WithDefault("1d")
        Duration changeLog();

        /**
         * Released, expired and consumed holds move to bed_hold_archive this long after they closed
         * (a consumed one only once a report has covered the patient): the hot table keeps the
         * holds that count. Archived holds still answer their idempotency keys and ids.
         */
        @WithDefault("1d")
        Duration holdArchiveAfter();

        /** Rows per statement: each batch is one short transaction. */
        @WithDefault("5000")
        int batch();

        /** How often each instance applies the rules. */
        @WithDefault("10m")
        Duration interval();
    }
}
