package org.renfort.kernel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest stored beside an idempotency key, to tell a true resend (same key, same content)
 * from a key reused for something else. The caller builds a canonical text: no JVM-dependent
 * ordering (sort sets and maps), since a resend may reach another instance.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    /** SHA-256 of the canonical text, 64 hex characters. */
    public static String of(String canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
