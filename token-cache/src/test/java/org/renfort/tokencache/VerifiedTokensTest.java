package org.renfort.tokencache;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifiedTokensTest {
    private static final Instant START = Instant.parse("2026-12-05T10:00:00Z");

    private final MovableClock clock = new MovableClock();
    private final VerifiedTokens tokens = new VerifiedTokens(3, Duration.ofSeconds(60), clock, clock::nanos);
    private final SecurityIdentity alice = QuarkusSecurityIdentity.builder().setPrincipal(() -> "alice").build();

    @Test
    void aVerifiedTokenIsFoundByItsWholeValueOnly() {
        tokens.remember("header.payload.signature", alice, START.plusSeconds(300));

        assertEquals("alice", tokens.find("header.payload.signature").orElseThrow().getPrincipal().getName());
        assertTrue(tokens.find("header.payload.signaturX").isEmpty(), "a token differing in its signature is not the same token");
        assertTrue(tokens.find("header.payload").isEmpty());
    }

    @Test
    void aTokenIsForgottenWhenItExpires() {
        tokens.remember("t", alice, START.plusSeconds(30));

        clock.advance(Duration.ofSeconds(29));
        assertTrue(tokens.find("t").isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(tokens.find("t").isEmpty(), "expired at its exp, even though max-age is 60 s");
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheMaximumAge() {
        tokens.remember("t", alice, START.plusSeconds(3600));

        clock.advance(Duration.ofSeconds(59));
        assertTrue(tokens.find("t").isPresent());
        clock.advance(Duration.ofSeconds(2));
        assertTrue(tokens.find("t").isEmpty());
    }

    @Test
    void anAlreadyExpiredTokenIsNeverRemembered() {
        tokens.remember("t", alice, START);

        assertTrue(tokens.find("t").isEmpty());
        assertEquals(0, tokens.cache().estimatedSize());
    }

    @Test
    void theCacheStaysWithinItsSize() {
        for (int i = 0; i < 100; i++) {
            tokens.remember("t" + i, alice, START.plusSeconds(300));
        }
        tokens.cache().cleanUp();

        assertTrue(tokens.cache().estimatedSize() <= 3, "size " + tokens.cache().estimatedSize());
    }

    /** A wall clock and a ticker that move together, as they do in production. */
    private static final class MovableClock extends Clock {
        private Duration elapsed = Duration.ZERO;

        void advance(Duration by) {
            elapsed = elapsed.plus(by);
        }

        long nanos() {
            return elapsed.toNanos();
        }

        @Override
        public Instant instant() {
            return START.plus(elapsed);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
