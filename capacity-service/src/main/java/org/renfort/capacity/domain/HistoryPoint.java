package org.renfort.capacity.domain;

import java.time.Instant;

/** One category of one accepted report: a point of a hospital's occupancy curve. */
public record HistoryPoint(Instant reportedAt, ReportSource source, BedCount beds) {
}
