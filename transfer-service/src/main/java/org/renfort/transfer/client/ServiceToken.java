package org.renfort.transfer.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * transfer-service's own identity towards capacity-service: a client-credentials token of the
 * `transfer-service` client (role `service`), fetched once and renewed well before it expires
 * (refresh-token-time-skew: when 3 of its 5 minutes are left), also while idle. If the identity
 * provider cannot give a new one, the current token serves until it really expires, so a
 * Keycloak outage shorter than that stops nothing. Background work (deadlines, cascades) has no
 * caller whose token could be passed on.
 */
@ApplicationScoped
public class ServiceToken extends CallCredentials {
    private static final Logger LOG = Logger.getLogger(ServiceToken.class);
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** After a failed renewal, the next try waits this long: calls meanwhile use the current token at once. */
    private static final Duration RETRY_RENEWAL_AFTER = Duration.ofSeconds(10);

    private final OidcClient oidc;
    private final AtomicReference<Uni<Tokens>> current = new AtomicReference<>();
    private volatile Instant nextRenewal = Instant.MIN;

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
                .flatMap(t -> t.isAccessTokenExpired() || (t.isAccessTokenWithinRefreshInterval() && Instant.now().isAfter(nextRenewal))
                        ? renew(used, t)
                        : Uni.createFrom().item(t.getAccessToken()));
    }

    /**
     * One renewal shared by every caller on the way; if the identity provider cannot give a new
     * token, all of them get the held one while it lasts (and the next try waits a little).
     */
    private Uni<String> renew(Uni<Tokens> used, Tokens held) {
        Uni<Tokens> renewed = oidc.getTokens().onFailure().recoverWithUni(failure -> {
            if (held.isAccessTokenExpired()) {
                return Uni.createFrom().failure(failure);
            }
            nextRenewal = Instant.now().plus(RETRY_RENEWAL_AFTER);
            LOG.warnf("no new service token from the identity provider (%s): the current one, valid until %s, is used meanwhile",
                    failure.toString(), held.getAccessTokenExpiresAt() == null ? "its expiry"
                            : Instant.ofEpochSecond(held.getAccessTokenExpiresAt()));
            return Uni.createFrom().item(held);
        }).memoize().indefinitely();
        current.compareAndSet(used, renewed);
        return current.get().map(Tokens::getAccessToken);
    }

    /** Renews ahead of time while no call needs the token, so that it always has minutes left. */
    @Scheduled(every = "20s", delayed = "20s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> keepFresh() {
        return accessToken().replaceWithVoid().onFailure().recoverWithNull();
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
