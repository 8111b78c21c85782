package org.renfort.capacity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "renfort.capacity")
public interface CapacityConfig {
    /** A figure older than this is flagged stale in every answer. */
    @WithDefault("4h")
    Duration staleAfter();
}
