package org.renfort.capacity.persistence;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * LISTENs to the change log's channel on a dedicated connection, so that a change committed
 * through any instance wakes this instance's region view at once. Reconnects by itself.
 */
@ApplicationScoped
public class ChangeNotifications {
    private static final Logger LOG = Logger.getLogger(ChangeNotifications.class);

    private final Vertx vertx;
    private final String url;
    private final String user;
    private final Optional<String> password;
    private PgSubscriber subscriber;

    ChangeNotifications(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                        @ConfigProperty(name = "quarkus.datasource.username") String user,
                        @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public void listen(Runnable onChange) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 500L);
        subscriber.channel(ChangeLog.CHANNEL).handler(payload -> onChange.run());
        subscriber.connect().subscribe().with(
                connected -> onChange.run(),
                failure -> LOG.warnf("change notifications unavailable (%s): falling back to polling", failure.getMessage()));
    }

    public void close() {
        if (subscriber != null) {
            subscriber.close().subscribe().with(v -> { }, f -> { });
        }
    }
}
