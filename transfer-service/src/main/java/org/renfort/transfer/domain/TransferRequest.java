package org.renfort.transfer.domain;

import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
