package org.renfort.capacity.domain;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/** A request to hold one bed for a transfer until a deadline. */
public record HoldRequest(HospitalId hospital, BedCategory category, String transferReference, Instant expiresAt,
                          IdempotencyKey idempotencyKey) {
    public static final Duration MAX_DURATION = Duration.ofHours(24);
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    public HoldRequest {
        if (category == null) {
            throw new InvalidArgumentException("category", "is required");
        }
        if (transferReference == null || !REFERENCE.matcher(transferReference).matches()) {
            throw new InvalidArgumentException("transfer_reference", "must be 1 to 100 characters among letters, digits and . _ : -");
        }
        if (expiresAt == null) {
            throw new InvalidArgumentException("expires_at", "is required");
        }
    }

    public void checkExpiry(Instant now) {
        checkExpiry(expiresAt, now);
    }

    public static void checkExpiry(Instant expiresAt, Instant now) {
        if (!expiresAt.isAfter(now)) {
            throw new InvalidArgumentException("expires_at", "must be in the future (got " + expiresAt + ", now " + now + ")");
        }
        if (expiresAt.isAfter(now.plus(MAX_DURATION))) {
            throw new InvalidArgumentException("expires_at", "must be at most " + MAX_DURATION.toHours() + " h ahead");
        }
    }
}
