package org.renfort.kernel;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A search of the audit trail, newest first; every filter is optional; {@code before}: the next page's start. */
public record AuditQuery(Optional<Instant> from, Optional<Instant> to, Optional<String> subject,
                         Optional<HospitalId> hospital, Optional<String> action, Optional<AuditOutcome> outcome,
                         int limit, Optional<Cursor> before) {

    /**
     * An event's place in every service's trail (newest first, then by id): the page token is the
     * previous page's last event, so a cursor from a merged page continues each trail.
     */
    public record Cursor(Instant occurredAt, UUID eventId) {
        public static Cursor parse(String token) {
            String[] parts = token.split("_", 2);
            try {
                return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw new InvalidArgumentException("page_token", "is not an audit page token (<occurred_at>_<event_id>)");
            }
        }

        public String token() {
            return occurredAt + "_" + eventId;
        }
    }

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
