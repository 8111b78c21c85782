package org.renfort.transfer.domain;

import org.renfort.kernel.InvalidArgumentException;

import java.util.regex.Pattern;

/**
 * The requesting system's own identifier of a request (a SAMU hub RS-DR's requestId, say), kept
 * so that system can find its transfers again. Identifiers only: letters, digits and . _ : -.
 */
public record ExternalReference(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    public ExternalReference {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidArgumentException("external_reference",
                    "must be an identifier of at most 200 characters among letters, digits and . _ : -");
        }
    }
}
