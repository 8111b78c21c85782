package org.renfort.kernel;

/** A WGS 84 position in decimal degrees. */
public record GeoPoint(double latitude, double longitude) {
    public GeoPoint {
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new InvalidArgumentException("location.latitude", "must be between -90 and 90 (got " + latitude + ")");
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new InvalidArgumentException("location.longitude", "must be between -180 and 180 (got " + longitude + ")");
        }
    }
}
