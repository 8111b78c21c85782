package org.renfort.transfer.domain;

import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Which of a hospital's offers to list, newest first; empty statuses: every status. */
public record OfferFilter(Optional<HospitalId> hospital, Set<OfferStatus> statuses, Optional<Cursor> pageAfter) {
    public OfferFilter {
        statuses = Set.copyOf(statuses);
    }

    /** The last offer of the previous page. */
    public record Cursor(Instant createdAt, UUID offerId) {
    }
}
