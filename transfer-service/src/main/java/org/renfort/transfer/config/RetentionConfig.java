package org.renfort.transfer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long transfer-service keeps what it no longer needs (README, Data lifecycle). */
@ConfigMapping(prefix = "renfort.transfer.retention")
public interface RetentionConfig {
    /**
     * Feed entries older than this are deleted (never one announcing an offer still open): a
     * watcher resuming before them is told to start over from 0.
     */
    @WithDefault("7d")
    Duration feed();

    /** A completed or cancelled transfer's clinical note is erased this long after it finished. */
    @WithDefault("30d")
    Duration clinicalNote();

    /** Rows deleted or erased per statement: each batch is one short transaction. */
    @WithDefault("5000")
    int batch();

    /** How often each instance applies the rules. */
    @WithDefault("10m")
    Duration interval();
}
