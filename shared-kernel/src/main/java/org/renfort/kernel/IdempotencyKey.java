package org.renfort.kernel;

import java.util.regex.Pattern;

/** A caller-chosen key that makes a resent write change nothing. */
public record IdempotencyKey(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{8,100}");

    public IdempotencyKey {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidArgumentException("idempotency_key",
                    "must be 8 to 100 characters among letters, digits and . _ : - (a UUID fits)");
        }
    }
}
