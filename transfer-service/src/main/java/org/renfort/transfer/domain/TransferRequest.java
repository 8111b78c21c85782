package org.renfort.transfer.domain;

import org.renfort.kernel.Fingerprint;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;


/** A request to move one patient, as its author sends it. */
public record TransferRequest(Origin origin, TransferRequirements requirements, ClinicalNote note,
                              IdempotencyKey idempotencyKey) {
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
    }

    /** Tells a true resend (same key, same content) from a key reused for another request. */
    public String fingerprint() {
        String canonical = origin + "|" + requirements + "|" + note.text();
        return Fingerprint.of(canonical);
    }
}
