package org.renfort.tokencache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.quarkus.security.identity.SecurityIdentity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Identities of bearer tokens that passed verification, keyed on the whole token. An entry
 * lives until the token expires, and never longer than {@code maxAge}: that bound is how long a
 * signing key withdrawn from the realm can still vouch for a token it signed before.
 */
public final class VerifiedTokens {
    private record Verified(SecurityIdentity identity, Instant expiresAt) {
    }

    private final Cache<String, Verified> cache;
    private final Clock clock;

    public VerifiedTokens(int maxSize, Duration maxAge, Clock clock, Ticker ticker) {
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .ticker(ticker)
                .recordStats()
                .expireAfter(Expiry.<String, Verified>creating((token, verified) -> {
                    Duration untilExpiry = Duration.between(clock.instant(), verified.expiresAt());
                    return untilExpiry.compareTo(maxAge) < 0 ? untilExpiry : maxAge;
                }))
                .build();
    }

    /** The identity the token was verified as, if it was and is still within its lifetime. */
    public Optional<SecurityIdentity> find(String token) {
        Verified verified = cache.getIfPresent(token);
        // The expiry above is exact only to the ticker; the token's own exp is checked on the wall clock.
        if (verified == null || !clock.instant().isBefore(verified.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(verified.identity());
    }

    public void remember(String token, SecurityIdentity identity, Instant expiresAt) {
        if (clock.instant().isBefore(expiresAt)) {
            cache.put(token, new Verified(identity, expiresAt));
        }
    }

    Cache<String, ?> cache() {
        return cache;
    }

    public long hits() {
        return cache.stats().hitCount();
    }

    public long misses() {
        return cache.stats().missCount();
    }
}
