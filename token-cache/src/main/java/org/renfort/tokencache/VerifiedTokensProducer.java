package org.renfort.tokencache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

class VerifiedTokensProducer {
    @Produces
    @ApplicationScoped
    VerifiedTokens verifiedTokens(TokenCacheConfig config, MeterRegistry registry) {
        VerifiedTokens tokens = new VerifiedTokens(config.maxSize(), config.maxAge(), Clock.systemUTC(), Ticker.systemTicker());
        CaffeineCacheMetrics.monitor(registry, tokens.cache(), "verified_tokens");
        return tokens;
    }
}
