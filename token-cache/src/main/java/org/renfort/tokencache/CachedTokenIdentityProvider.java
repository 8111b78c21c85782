package org.renfort.tokencache;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Asked before Quarkus OIDC: answers a bearer token already verified from the cache, and says
 * nothing otherwise, so OIDC verifies it (and {@link VerifiedTokenRecorder} remembers it).
 */
@ApplicationScoped
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    static final String FROM_CACHE = "renfort.token-cache.hit";

    private final VerifiedTokens tokens;
    private final boolean enabled;

    CachedTokenIdentityProvider(VerifiedTokens tokens, TokenCacheConfig config) {
        this.tokens = tokens;
        this.enabled = config.enabled();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Ahead of OIDC's provider (which keeps the default). */
    @Override
    public int priority() {
        return SYSTEM_FIRST * 2;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!enabled || request.getToken() == null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(tokens.find(request.getToken().getToken())
                .map(identity -> forThisCall(identity, HttpSecurityUtils.getRoutingContextAttribute(request)))
                .orElse(null));
    }

    /** The cached identity carries the call it was verified on; this one carries the current call. */
    private static SecurityIdentity forThisCall(SecurityIdentity cached, RoutingContext call) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(cached).addAttribute(FROM_CACHE, true);
        if (call != null) {
            builder.addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, call);
            builder.addAttribute(RoutingContext.class.getName(), call);
        }
        return builder.build();
    }
}
