package org.renfort.capacity.domain;

import java.time.Instant;

/** One bed category of a hospital as the region sees it: the reported figures and the held beds. */
public record CategoryState(BedCount beds, Instant reportedAt, ReportSource source, int held) {

    /** Beds a new patient can still be sent to: reported available minus held, never negative. */
    public int effectiveAvailable() {
        return Math.max(0, beds.available() - held);
    }

    public CategoryState withHeld(int newHeld) {
        return new CategoryState(beds, reportedAt, source, newHeld);
    }
}
