package org.renfort.transfer.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * transfer-service's own identity towards capacity-service: a client-credentials token of the
 * `transfer-service` client (role `service`), fetched once and renewed shortly before it expires.
 * Background work (deadlines, cascades) has no caller whose token could be passed on.
 */
@ApplicationScoped
public class ServiceToken extends CallCredentials {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final OidcClient oidc;
    private final AtomicReference<Uni<Tokens>> current = new AtomicReference<>();

    ServiceToken(OidcClient oidc) {
        this.oidc = oidc;
    }

    Uni<String> accessToken() {
        Uni<Tokens> tokens = current.get();
        if (tokens == null) {
            Uni<Tokens> fetched = oidc.getTokens().memoize().indefinitely();
            current.compareAndSet(null, fetched);
            tokens = current.get();
        }
        Uni<Tokens> used = tokens;
        return used.onFailure().invoke(f -> current.compareAndSet(used, null))
                .flatMap(t -> {
                    // Renew a little ahead of expiry (refresh-token-time-skew), on the caller's path once.
                    if (t.isAccessTokenExpired() || t.isAccessTokenWithinRefreshInterval()) {
                        Uni<Tokens> renewed = oidc.getTokens().memoize().indefinitely();
                        current.compareAndSet(used, renewed);
                        return current.get().map(Tokens::getAccessToken);
                    }
                    return Uni.createFrom().item(t.getAccessToken());
                });
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        accessToken().subscribe().with(token -> {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + token);
            applier.apply(headers);
        }, failure -> applier.fail(Status.UNAVAILABLE.withDescription("no service token from the identity provider: "
                + failure.getMessage())));
    }
}
