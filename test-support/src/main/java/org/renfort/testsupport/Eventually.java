package org.renfort.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Polls what follows a change asynchronously (a region view, a stream) until it is reached or a deadline passes. */
public final class Eventually {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(20);

    private Eventually() {
    }

    /** The first value read that is done; fails the test with the last one read if none is within the deadline. */
    public static <T> T eventually(Supplier<T> read, Predicate<T> done) {
        Instant deadline = Instant.now().plus(DEADLINE);
        T last = read.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            pause();
            last = read.get();
        }
        T reached = last;
        assertTrue(done.test(reached), () -> "not reached within " + DEADLINE.toSeconds() + " s; last read: " + reached);
        return reached;
    }

    /** Reads are remote calls (a region view, a stream, a service): a few milliseconds between them, not a spin. */
    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling", e);
        }
    }
}
