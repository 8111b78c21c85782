package org.renfort.kernel;


import java.time.Duration;

/**
 * Great-circle distance times a road factor (roads are longer than straight lines), at an
 * average speed. Good enough to rank partners of a region; not a routing engine.
 */
public record GreatCircleTravelTime(double roadFactor, double averageSpeedKmh) implements TravelTimeEstimator {
    private static final double EARTH_RADIUS_KM = 6371.0088;

    public GreatCircleTravelTime {
        if (roadFactor < 1 || averageSpeedKmh <= 0) {
            throw new IllegalArgumentException("road factor >= 1 and a positive speed are required");
        }
    }

    @Override
    public Duration estimate(GeoPoint from, GeoPoint to) {
        double km = distanceKm(from, to) * roadFactor;
        return Duration.ofSeconds(Math.round(km / averageSpeedKmh * 3600));
    }

    static double distanceKm(GeoPoint a, GeoPoint b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
