package org.renfort.kernel;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One entry of the append-only audit trail: who attempted what on which target, and whether it
 * was allowed. Details never hold a token nor clinical data.
 */
public record AuditEvent(UUID eventId, Instant occurredAt, String service, String subject, Set<String> roles,
                         Optional<HospitalId> callerHospital, String action, String target,
                         Optional<HospitalId> targetHospital, AuditOutcome outcome, String detail, String requestId) {
    public static final int MAX_DETAIL_LENGTH = 500;

    public AuditEvent {
        roles = Set.copyOf(roles);
        detail = detail == null ? "" : detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) : detail;
    }
}
