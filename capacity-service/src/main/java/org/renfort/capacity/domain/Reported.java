package org.renfort.capacity.domain;

import java.time.Instant;

/** A figure together with when and by what source it was reported. */
public record Reported<T>(T value, Instant reportedAt, ReportSource source) {
}
