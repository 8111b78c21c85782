package org.renfort.transfer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Redistribution plans. The road model must be capacity-service's (renfort.capacity.*), so plans and searches agree. */
@ConfigMapping(prefix = "renfort.plan")
public interface PlanConfig {
    /** A plan computed on a picture older than this is not approved: beds may have gone since. */
    @WithDefault("10m")
    Duration pictureMaxAge();

    /** Road distance = great-circle distance x this factor. */
    @WithDefault("1.3")
    double roadFactor();

    /** Average speed of a road transfer, in km/h. */
    @WithDefault("60")
    double averageSpeedKmh();
}
