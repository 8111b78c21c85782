package org.renfort.transfer.domain;

import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.InvalidArgumentException;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The crew a dispatcher assigned to an accepted transfer, its estimated arrival and where it
 * last said it was (only the latest position is kept: a track would be location data nobody needs).
 */
public record Transport(CrewType crewType, String callSign, Optional<Instant> estimatedArrival, String assignedBy,
                        Optional<Position> lastPosition) {
    private static final Pattern CALL_SIGN = Pattern.compile("[\\p{L}0-9 ._:/-]{1,40}");

    /** Where the crew was, and when it said so. */
    public record Position(GeoPoint point, Instant reportedAt) {
    }

    public Transport {
        if (crewType == null) {
            throw new InvalidArgumentException("assign.crew_type", "is required");
        }
        if (callSign == null || !CALL_SIGN.matcher(callSign).matches()) {
            throw new InvalidArgumentException("assign.call_sign",
                    "must be 1 to 40 characters among letters, digits, spaces and . _ : / -");
        }
    }

    /** A crew just assigned: no position yet. */
    public Transport(CrewType crewType, String callSign, Optional<Instant> estimatedArrival, String assignedBy) {
        this(crewType, callSign, estimatedArrival, assignedBy, Optional.empty());
    }

    /** The same crew with what it reported replacing what it had said before. */
    public Transport progressed(Optional<Instant> newEstimatedArrival, Optional<GeoPoint> position, Instant now) {
        return new Transport(crewType, callSign, newEstimatedArrival.or(() -> estimatedArrival), assignedBy,
                position.map(p -> new Position(p, now)).or(() -> lastPosition));
    }
}
