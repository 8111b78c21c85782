package org.renfort.gateway.api.rest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.OptionalLong;

/**
 * Per-caller rate limits on every API call (see {@link CallerRateLimits}): over its limit, a
 * caller gets 429 with Retry-After before anything is done. The caller is the token's principal
 * (a person, a hospital system); an anonymous call (the dashboard's public configuration) is
 * counted against its address. A token that does not verify is refused 401 by the security
 * check before this filter runs. A live stream counts once, when it opens.
 */
public class RateLimitFilter {
    private final CallerRateLimits limits;
    private final boolean enabled;
    private final Counter refusedReads;
    private final Counter refusedWrites;

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    public RateLimitFilter(@ConfigProperty(name = "renfort.gateway.rate-limit.enabled") boolean enabled,
                           @ConfigProperty(name = "renfort.gateway.rate-limit.reads-per-second") int readsPerSecond,
                           @ConfigProperty(name = "renfort.gateway.rate-limit.read-burst") int readBurst,
                           @ConfigProperty(name = "renfort.gateway.rate-limit.writes-per-second") int writesPerSecond,
                           @ConfigProperty(name = "renfort.gateway.rate-limit.write-burst") int writeBurst,
                           @ConfigProperty(name = "renfort.gateway.rate-limit.max-callers") int maxCallers,
                           MeterRegistry registry) {
        this.enabled = enabled;
        this.limits = new CallerRateLimits(new CallerRateLimits.Allowance(readsPerSecond, readBurst),
                new CallerRateLimits.Allowance(writesPerSecond, writeBurst), maxCallers);
        this.refusedReads = refused(registry, "read");
        this.refusedWrites = refused(registry, "write");
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request, RoutingContext http, UriInfo uri) {
        if (!enabled) {
            return Uni.createFrom().nullItem();
        }
        boolean write = !HttpMethod.GET.equals(request.getMethod()) && !HttpMethod.HEAD.equals(request.getMethod());
        // Should a failed authentication reach here, it counts as no token (the security check answers 401).
        return identities.getDeferredIdentity().onFailure().recoverWithNull().map(identity -> {
            OptionalLong wait = limits.admit(caller(identity, http), write);
            if (wait.isEmpty()) {
                return null;
            }
            (write ? refusedWrites : refusedReads).increment();
            return tooMany(wait.getAsLong(), write, uri);
        });
    }

    private static Response tooMany(long seconds, boolean write, UriInfo uri) {
        return ProblemMappers.retryLater(429, "too many " + (write ? "changes" : "reads") + " from this caller; retry after "
                + seconds + " s", seconds, uri).toResponse();
    }

    private static String caller(SecurityIdentity identity, RoutingContext http) {
        if (identity == null || identity.isAnonymous()) {
            return "address " + http.request().remoteAddress().hostAddress();
        }
        return "principal " + identity.getPrincipal().getName();
    }

    private static Counter refused(MeterRegistry registry, String kind) {
        return Counter.builder("renfort_rate_limited_total").description("API calls refused with 429, by kind")
                .tag("kind", kind).register(registry);
    }
}
