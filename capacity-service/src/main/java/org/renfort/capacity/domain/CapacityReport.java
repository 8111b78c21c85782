package org.renfort.capacity.domain;

import org.renfort.kernel.Fingerprint;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a hospital reports at one instant: some bed categories and, optionally, its status. */
public record CapacityReport(HospitalId hospitalId, Instant reportedAt, IdempotencyKey idempotencyKey,
                             List<BedCount> beds, Optional<HospitalStatus> status) {

    /** Clocks drift: a report may be dated this far in the future, no further. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(2);

    public CapacityReport {
        if (reportedAt == null) {
            throw new InvalidArgumentException("reported_at", "is required");
        }
        if (idempotencyKey == null) {
            throw new InvalidArgumentException("idempotency_key", "is required");
        }
        beds = List.copyOf(beds);
        if (beds.isEmpty() && status.isEmpty()) {
            throw new InvalidArgumentException("beds", "a report covers at least one bed category or the status");
        }
        Set<BedCategory> seen = EnumSet.noneOf(BedCategory.class);
        for (BedCount count : beds) {
            if (!seen.add(count.category())) {
                throw new InvalidArgumentException("beds", "category " + count.category() + " appears twice");
            }
        }
    }

    /**
     * A digest of the report's content, to tell a true resend (same key, same content) from a
     * key reused for a different report.
     */
    public String fingerprint() {
        String canonical = hospitalId + "|" + reportedAt + "|" + beds + "|" + status;
        return Fingerprint.of(canonical);
    }

    /** Checks what depends on the time of receipt and on the hospital's status after this report. */
    public void checkAcceptable(Instant now, Optional<HospitalStatus> currentStatus) {
        if (reportedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw new InvalidArgumentException("reported_at", "is in the future (" + reportedAt + ", now " + now + ")");
        }
        boolean closed = status.or(() -> currentStatus)
                .map(s -> s.facility() == FacilityStatus.CLOSED).orElse(false);
        if (closed) {
            for (BedCount count : beds) {
                if (count.available() > 0) {
                    throw new InvalidArgumentException("beds[" + count.category() + "].available",
                            "rule a closed facility reports no available beds broken (got " + count.available() + ")");
                }
            }
        }
    }
}
