package org.renfort.tokencache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "renfort.token-cache")
public interface TokenCacheConfig {
    /** Off: every call's token is verified (signature, issuer, audience, expiry) again. */
    @WithDefault("true")
    boolean enabled();

    /** Tokens kept; one per active client and user is enough, the least used go first. */
    @WithDefault("2000")
    int maxSize();

    /** The longest a verified token is trusted without a new check, whatever its expiry. */
    @WithDefault("60s")
    Duration maxAge();
}
