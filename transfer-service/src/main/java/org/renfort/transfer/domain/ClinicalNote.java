package org.renfort.transfer.domain;

import org.renfort.kernel.InvalidArgumentException;

/** A short note for the two hospitals and the coordinators; never logged, never audited. */
public record ClinicalNote(String text) {
    public static final int MAX_LENGTH = 500;

    public ClinicalNote {
        text = text == null ? "" : text.strip();
        if (text.length() > MAX_LENGTH) {
            throw new InvalidArgumentException("clinical_note", "must be at most " + MAX_LENGTH + " characters");
        }
    }

    /** toString is what ends up in logs by accident: it never shows the text. */
    @Override
    public String toString() {
        return "ClinicalNote[" + text.length() + " characters]";
    }
}
