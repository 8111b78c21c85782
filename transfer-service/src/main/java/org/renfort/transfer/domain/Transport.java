package org.renfort.transfer.domain;

import org.renfort.kernel.InvalidArgumentException;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/** The crew a dispatcher assigned to an accepted transfer. */
public record Transport(CrewType crewType, String callSign, Optional<Instant> estimatedArrival, String assignedBy) {
    private static final Pattern CALL_SIGN = Pattern.compile("[\\p{L}0-9 ._:/-]{1,40}");

    public Transport {
        if (crewType == null) {
            throw new InvalidArgumentException("assign.crew_type", "is required");
        }
        if (callSign == null || !CALL_SIGN.matcher(callSign).matches()) {
            throw new InvalidArgumentException("assign.call_sign",
                    "must be 1 to 40 characters among letters, digits, spaces and . _ : / -");
        }
    }
}
