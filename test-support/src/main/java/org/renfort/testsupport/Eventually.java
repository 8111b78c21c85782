package org.renfort.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Polls what follows a change asynchronously (a region view, a stream) until it is reached or a deadline passes. */
public final class Eventually {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private Eventually() {
    }

    /** The first value read that is done; fails the test with the last one read if none is within the deadline. */
    public static <T> T eventually(Supplier<T> read, Predicate<T> done) {
        Instant deadline = Instant.now().plus(DEADLINE);
        T last = read.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
            last = read.get();
        }
        T reached = last;
        assertTrue(done.test(reached), () -> "not reached within " + DEADLINE.toSeconds() + " s; last read: " + reached);
        return reached;
    }
}
