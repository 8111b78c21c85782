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
        return asOf(now, regionInCrisis).freshnessOf(figure);
    }

    public AsOf asOf(Instant now, boolean regionInCrisis) {
        return new AsOf(now, limit(regionInCrisis));
    }

    public record Freshness(Instant reportedAt, Duration age, boolean stale, ReportSource source) {
    }
}
