package org.renfort.capacity.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreshnessPolicyTest {
    static final Instant NOW = Instant.parse("2024-02-11T05:40:00Z");
    final FreshnessPolicy policy = new FreshnessPolicy(Duration.ofHours(4), Duration.ofHours(1));

    @Test
    void aFigureIsStaleOnceOlderThanTheLimitInForceAndTheLimitIsShorterInCrisis() {
        Reported<Integer> twoHoursOld = new Reported<>(3, NOW.minus(Duration.ofHours(2)), ReportSource.HOSPITAL_SYSTEM);
        AsOf normal = policy.asOf(NOW, false);
        AsOf crisis = policy.asOf(NOW, true);
        assertEquals(Duration.ofHours(4), normal.staleAfter());
        assertEquals(Duration.ofHours(1), crisis.staleAfter());
        assertFalse(normal.freshnessOf(twoHoursOld).stale());
        assertTrue(crisis.freshnessOf(twoHoursOld).stale());
        assertEquals(Duration.ofHours(2), crisis.freshnessOf(twoHoursOld).age());
        assertFalse(crisis.freshnessOf(new Reported<>(3, NOW.minus(Duration.ofHours(1)), ReportSource.HOSPITAL_SYSTEM)).stale(),
                "exactly at the limit: still fresh");
    }

    @Test
    void aFigureFromAClockAheadIsZeroSecondsOld() {
        Reported<Integer> ahead = new Reported<>(3, NOW.plusSeconds(30), ReportSource.HOSPITAL_STAFF);
        assertEquals(Duration.ZERO, policy.asOf(NOW, false).freshnessOf(ahead).age());
    }

    @Test
    void theCrisisLimitNeverExceedsTheNormalOne() {
        assertThrows(IllegalArgumentException.class, () -> new FreshnessPolicy(Duration.ofHours(1), Duration.ofHours(2)));
    }
}
