package org.renfort.kernel;


import java.time.Duration;

/** How long a road transfer takes between two points. A real travel-time matrix can replace the estimate. */
public interface TravelTimeEstimator {
    Duration estimate(GeoPoint from, GeoPoint to);
}
