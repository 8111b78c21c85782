package org.renfort.kernel;

import java.time.Instant;
import java.util.Optional;

/** A search of the audit trail; every filter is optional. */
public record AuditQuery(Optional<Instant> from, Optional<Instant> to, Optional<String> subject,
                         Optional<HospitalId> hospital, Optional<String> action, Optional<AuditOutcome> outcome,
                         int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    public AuditQuery {
        if (limit == 0) {
            limit = DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidArgumentException("limit", "must be between 1 and " + MAX_LIMIT + " (got " + limit + ")");
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new InvalidArgumentException("from", "must be before to");
        }
    }
}
