package org.renfort.transfer.domain;

import org.renfort.kernel.Acuity;
import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What a list of transfers is narrowed to: the caller's filters and the scope its role allows. */
public record TransferFilter(Set<TransferStatus> statuses, Optional<HospitalId> hospital, Optional<Acuity> acuity,
                             Optional<Instant> createdAfter, Optional<Instant> createdBefore, Optional<Scope> scope,
                             Optional<Cursor> pageAfter, Optional<ExternalReference> externalReference) {

    /** What a non-coordinator may list. */
    public sealed interface Scope {
        record Hospital(HospitalId hospital) implements Scope {
        }

        /** What a dispatcher asked for, and accepted transfers its dispatch centre handles (or that have none). */
        record Dispatcher(String subject, Optional<String> dispatchCenter) implements Scope {
        }
    }

    /** The last transfer of the previous page. */
    public record Cursor(Instant createdAt, UUID transferId) {
    }

    public TransferFilter withScope(Optional<Scope> newScope) {
        return new TransferFilter(statuses, hospital, acuity, createdAfter, createdBefore, newScope, pageAfter, externalReference);
    }
}
