package org.renfort.testsupport;

import org.hibernate.stat.Statistics;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asserts that repeating a piece of work does not make Hibernate plan a query again each time:
 * a query whose plan is never found again costs its planning on every call and fills the plan
 * cache with keys that collide (see servicekit.SessionSql). Statistics are on for the check only.
 */
public final class QueryPlans {
    private QueryPlans() {
    }

    /** Runs the work once (its plans are made then), then {@code times} more, and fails if as many plans were made again. */
    public static void assertPlannedOnce(Statistics statistics, int times, Runnable work) {
        work.run();
        statistics.setStatisticsEnabled(true);
        try {
            statistics.clear();
            for (int i = 0; i < times; i++) {
                work.run();
            }
            long misses = statistics.getQueryPlanCacheMissCount();
            assertTrue(misses < times, misses + " query plans made again over " + times + " repetitions of the same work");
        } finally {
            statistics.setStatisticsEnabled(false);
        }
    }
}
