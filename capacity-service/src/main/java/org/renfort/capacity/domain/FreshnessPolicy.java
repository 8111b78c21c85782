package org.renfort.capacity.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A figure older than the limit is stale and every answer says so. The limit is shorter while
 * the region is in crisis - when any hospital has triggered its Plan blanc - because figures
 * then change by the hour.
 */
public record FreshnessPolicy(Duration staleAfter, Duration staleAfterInCrisis) {

    public FreshnessPolicy {
        if (staleAfterInCrisis.compareTo(staleAfter) > 0) {
            throw new IllegalArgumentException("the crisis limit must not exceed the normal one");
        }
    }

    public Duration limit(boolean regionInCrisis) {
        return regionInCrisis ? staleAfterInCrisis : staleAfter;
    }

    public Freshness of(Reported<?> figure, Instant now, boolean regionInCrisis) {
        Duration age = Duration.between(figure.reportedAt(), now);
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        return new Freshness(figure.reportedAt(), age, age.compareTo(limit(regionInCrisis)) > 0, figure.source());
    }

    public record Freshness(Instant reportedAt, Duration age, boolean stale, ReportSource source) {
    }
}
