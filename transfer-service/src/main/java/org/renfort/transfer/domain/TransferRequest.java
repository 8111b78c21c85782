package org.renfort.transfer.domain;

import org.renfort.kernel.Fingerprint;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;

import java.util.Optional;

/** A request to move one patient, as its author sends it. */
public record TransferRequest(Origin origin, TransferRequirements requirements, ClinicalNote note,
                              IdempotencyKey idempotencyKey, Optional<ExternalReference> externalReference) {
    public TransferRequest {
        if (origin == null) {
            throw new InvalidArgumentException("origin", "is required: a hospital_id or a position");
        }
        if (requirements == null) {
            throw new InvalidArgumentException("requirements", "is required");
        }
        if (idempotencyKey == null) {
            throw new InvalidArgumentException("idempotency_key", "is required");
        }
        note = note == null ? new ClinicalNote("") : note;
        externalReference = externalReference == null ? Optional.empty() : externalReference;
    }

    /** A request that its author does not need to find again by a reference of its own. */
    public TransferRequest(Origin origin, TransferRequirements requirements, ClinicalNote note, IdempotencyKey idempotencyKey) {
        this(origin, requirements, note, idempotencyKey, Optional.empty());
    }

    /** Tells a true resend (same key, same content) from a key reused for another request. */
    public String fingerprint() {
        // Without a reference, the text of the transfers stored before it existed: their resends still match.
        String canonical = origin + "|" + requirements + "|" + note.text()
                + externalReference.map(r -> "|" + r.value()).orElse("");
        return Fingerprint.of(canonical);
    }
}
