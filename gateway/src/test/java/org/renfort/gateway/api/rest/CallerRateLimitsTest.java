package org.renfort.gateway.api.rest;

import org.junit.jupiter.api.Test;
import org.renfort.gateway.api.rest.CallerRateLimits.Allowance;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerRateLimitsTest {
    private final CallerRateLimits limits = new CallerRateLimits(new Allowance(1, 3), new Allowance(1, 2), 100);

    @Test
    void aCallerBurstsToItsBucketThenWaitsForTheRefill() {
        for (int i = 0; i < 3; i++) {
            assertEquals(OptionalLong.empty(), limits.admit("coordinator", false), "call " + i);
        }
        OptionalLong wait = limits.admit("coordinator", false);
        assertTrue(wait.isPresent() && wait.getAsLong() >= 1 && wait.getAsLong() <= 1, "one token a second: " + wait);
    }

    @Test
    void readsWritesAndCallersHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 3; i++) {
            limits.admit("system-lille", false);
        }
        assertTrue(limits.admit("system-lille", false).isPresent(), "reads spent");
        assertEquals(OptionalLong.empty(), limits.admit("system-lille", true), "writes are counted apart");
        assertEquals(OptionalLong.empty(), limits.admit("system-lomme", false), "another caller is not slowed down");
    }

    @Test
    void anAllowanceMustLetSomethingThrough() {
        assertThrows(IllegalArgumentException.class, () -> new Allowance(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Allowance(10, 5));
    }
}
