package org.renfort.capacity.domain;

import java.util.UUID;

/** A report that was accepted and stored, as far as a resend needs to know it. */
public record AcceptedReport(UUID reportId, ReportSource source, String fingerprint) {
}
