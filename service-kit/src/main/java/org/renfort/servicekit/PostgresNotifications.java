package org.renfort.servicekit;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * LISTENs to a PostgreSQL channel of the service's own database on a dedicated connection that
 * reconnects by itself, so that a change committed through any instance wakes every instance.
 * Callers keep a poll as well: a notification lost while reconnecting only delays a change.
 */
@ApplicationScoped
public class PostgresNotifications {
    private static final Logger LOG = Logger.getLogger(PostgresNotifications.class);

    private final Vertx vertx;
    private final String url;
    private final String user;
    private final Optional<String> password;

    PostgresNotifications(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                          @ConfigProperty(name = "quarkus.datasource.username") String user,
                          @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * @param onPayload   each notification's payload
     * @param onConnected after each (re)connection: notifications may have been missed meanwhile
     * @return stops listening
     */
    public Runnable listen(String channel, Consumer<String> onPayload, Runnable onConnected) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user);
        password.ifPresent(options::setPassword);
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 500L);
        subscriber.channel(channel).handler(onPayload::accept).subscribeHandler(onConnected::run);
        subscriber.connect().subscribe().with(connected -> { },
                failure -> LOG.warnf("notifications on %s unavailable (%s): polling only", channel, failure.getMessage()));
        return () -> subscriber.close().subscribe().with(v -> { }, f -> { });
    }
}
