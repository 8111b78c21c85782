package org.renfort.capacity.domain;

import java.time.Duration;
import java.time.Instant;

/** A figure older than the limit is stale and every answer says so. */
public record FreshnessPolicy(Duration staleAfter) {

    public Freshness of(Reported<?> figure, Instant now) {
        Duration age = Duration.between(figure.reportedAt(), now);
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        return new Freshness(figure.reportedAt(), age, age.compareTo(staleAfter) > 0, figure.source());
    }

    public record Freshness(Instant reportedAt, Duration age, boolean stale, ReportSource source) {
    }
}
