package org.renfort.transfer.persistence;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Wakes the feed's watchers concerned when any instance appends to it (LISTEN on a dedicated
 * connection; the payload names the hospital, or TRANSPORT), and every watcher once a second
 * anyway, so that a lost notification only delays, never loses, an entry.
 */
@ApplicationScoped
public class FeedSignals {
    private static final Logger LOG = Logger.getLogger(FeedSignals.class);
    private static final long FALLBACK_POLL_MS = 1_000;

    private final Vertx vertx;
    private final String url;
    private final String user;
    private final Optional<String> password;
    private record Listener(String audience, Runnable wake) {
    }

    private final Set<Listener> listeners = new CopyOnWriteArraySet<>();
    private PgSubscriber subscriber;
    private long timer = -1;

    FeedSignals(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                @ConfigProperty(name = "quarkus.datasource.username") String user,
                @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 500L);
        subscriber.channel(TransferFeed.CHANNEL).handler(this::signal);
        subscriber.connect().subscribe().with(connected -> signalAll(),
                failure -> LOG.warnf("feed notifications unavailable (%s): watchers poll every second", failure.getMessage()));
        timer = vertx.setPeriodic(FALLBACK_POLL_MS, id -> signalAll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (subscriber != null) {
            subscriber.close().subscribe().with(v -> { }, f -> { });
        }
    }

    /** Wakes the listener on entries for this audience (see {@link TransferFeed#audience}); returns how to stop. */
    public Runnable listen(String audience, Runnable wake) {
        Listener listener = new Listener(audience, wake);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void signal(String audience) {
        listeners.forEach(l -> {
            if (l.audience().equals(audience)) {
                l.wake().run();
            }
        });
    }

    private void signalAll() {
        listeners.forEach(l -> l.wake().run());
    }
}
