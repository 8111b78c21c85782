package org.renfort.transfer.domain;

import org.renfort.kernel.InvalidArgumentException;

import java.util.regex.Pattern;

/**
 * An opaque pseudonym chosen by the origin (e.g. a keyed hash of its stay number). The format
 * leaves no room for a name or a date: letters, digits and . _ : - only.
 */
public record PatientReference(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{6,64}");

    public PatientReference {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidArgumentException("requirements.patient_reference",
                    "must be an opaque pseudonym of 6 to 64 characters among letters, digits and . _ : -");
        }
    }
}
