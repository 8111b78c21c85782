package org.renfort.capacity.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The instant a picture is given at and the freshness limit in force then (shorter while the
 * region is in crisis): what every figure's age and staleness in the answer are computed from.
 */
public record AsOf(Instant at, Duration staleAfter) {

    public FreshnessPolicy.Freshness freshnessOf(Reported<?> figure) {
        Duration age = Duration.between(figure.reportedAt(), at);
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        return new FreshnessPolicy.Freshness(figure.reportedAt(), age, age.compareTo(staleAfter) > 0, figure.source());
    }
}
