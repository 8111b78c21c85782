package org.renfort.capacity.domain;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A bed of one category held for an incoming transfer.
 * It takes a bed out of availability while it is active and not past its expiry, and - once
 * consumed (the patient arrived) - until the hospital's next report made after the arrival,
 * since only that report can count the patient as an occupied bed.
 */
public record BedHold(UUID id, HospitalId hospital, BedCategory category, String transferReference,
                      HoldStatus status, Instant expiresAt, Instant createdAt, Optional<Instant> closedAt) {

    public boolean counts(Instant now, Optional<Instant> categoryReportedAt) {
        return switch (status) {
            case ACTIVE -> expiresAt.isAfter(now);
            case CONSUMED -> closedAt.isPresent()
                    && categoryReportedAt.map(reported -> closedAt.get().isAfter(reported)).orElse(true);
            case RELEASED, EXPIRED -> false;
        };
    }

    /** Already released or expired: the bed is back, nothing to do (a retried release is harmless). */
    public boolean isReleased() {
        return status == HoldStatus.RELEASED || status == HoldStatus.EXPIRED;
    }

    public BedHold released(Instant now) {
        requireActive(now, "release");
        return new BedHold(id, hospital, category, transferReference, HoldStatus.RELEASED, expiresAt, createdAt, Optional.of(now));
    }

    public BedHold consumed(Instant now) {
        requireActive(now, "consume");
        return new BedHold(id, hospital, category, transferReference, HoldStatus.CONSUMED, expiresAt, createdAt, Optional.of(now));
    }

    public BedHold extendedTo(Instant newExpiry, Instant now) {
        requireActive(now, "extend");
        return new BedHold(id, hospital, category, transferReference, status, newExpiry, createdAt, closedAt);
    }

    public BedHold expired() {
        return new BedHold(id, hospital, category, transferReference, HoldStatus.EXPIRED, expiresAt, createdAt, Optional.of(expiresAt));
    }

    private void requireActive(Instant now, String verb) {
        if (status != HoldStatus.ACTIVE) {
            throw new FailedPreconditionException("hold " + id + " is " + status + ": only an ACTIVE hold can be " + verb + "d");
        }
        if (!expiresAt.isAfter(now)) {
            throw new FailedPreconditionException("hold " + id + " expired at " + expiresAt + ": it can no longer be " + verb + "d");
        }
    }
}
