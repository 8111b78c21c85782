package org.renfort.transfer.persistence;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.renfort.servicekit.PostgresNotifications;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Wakes the feed's watchers concerned when any instance appends to it (LISTEN on a dedicated
 * connection; the payload names the hospital, or TRANSPORT), and every watcher once a second
 * anyway, so that a lost notification only delays, never loses, an entry.
 */
@ApplicationScoped
public class FeedSignals {
    private static final long FALLBACK_POLL_MS = 1_000;
    private static final String ANY = "*";

    private record Listener(String audience, Runnable wake) {
    }

    private final Vertx vertx;
    private final PostgresNotifications notifications;
    private final Set<Listener> listeners = new CopyOnWriteArraySet<>();
    private Runnable stopListening = () -> { };
    private long timer = -1;

    FeedSignals(Vertx vertx, PostgresNotifications notifications) {
        this.vertx = vertx;
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        stopListening = notifications.listen(TransferFeed.CHANNEL, this::signal, this::signalAll);
        timer = vertx.setPeriodic(FALLBACK_POLL_MS, id -> signalAll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        stopListening.run();
    }

    /** Wakes the listener on entries for this audience (see {@link TransferFeed#audience}); returns how to stop. */
    public Runnable listen(String audience, Runnable wake) {
        Listener listener = new Listener(audience, wake);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Wakes the listener on every entry, whatever its audience (and once a second); returns how to stop. */
    public Runnable listenAll(Runnable wake) {
        Listener listener = new Listener(ANY, wake);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void signal(String audience) {
        listeners.forEach(l -> {
            if (l.audience().equals(audience) || l.audience().equals(ANY)) {
                l.wake().run();
            }
        });
    }

    private void signalAll() {
        listeners.forEach(l -> l.wake().run());
    }
}
