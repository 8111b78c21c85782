package org.renfort.capacity.application;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.renfort.capacity.config.CapacityConfig;
import org.renfort.capacity.domain.CrisisPlanLevel;
import org.renfort.capacity.domain.HospitalState;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.capacity.persistence.ChangeLog;
import org.renfort.servicekit.PostgresNotifications;
import org.renfort.capacity.persistence.RegionReader;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.HospitalId;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * This instance's in-memory picture of the region, kept current by applying the change log in
 * position order (woken by NOTIFY, and by a poll as a safety net). It answers snapshots,
 * bed searches and watchers without scanning the database, and keeps the latest changes so
 * that a reconnecting watcher resumes without gaps or duplicates.
 */
@ApplicationScoped
public class RegionView {
    private static final Logger LOG = Logger.getLogger(RegionView.class);
    static final int RECENT_CHANGES = 20_000;
    private static final int BATCH = 1_000;

    private final RegionReader reader;
    private final PostgresNotifications notifications;
    private Runnable stopListening = () -> { };
    private final Clock clock;
    /**
     * No transaction of this service lives longer than its transaction_timeout, and only this
     * service writes the change log: a position still missing that long after it was first seen
     * missing will never be filled, whatever other, longer transactions on the server still hold
     * the cluster's xmin back.
     */
    private final Duration writersEndWithin;
    private final Counter rebuilds;

    private final Object lock = new Object();
    private final Map<HospitalId, HospitalState> hospitals = new HashMap<>();
    private final Deque<Applied> recent = new ArrayDeque<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean catchingUp = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile long position = -1;
    /** Hospitals currently in Plan blanc: kept by each change, not recounted. */
    private int inPlanBlanc;
    private volatile boolean inCrisis;
    /** The first missing position, and the transaction horizon when it was first seen missing. */
    private Hole hole;
    /** Changes at or below this position are no longer kept: a watcher behind it must start over. */
    private long floor;

    RegionView(RegionReader reader, PostgresNotifications notifications, Clock clock, CapacityConfig config, MeterRegistry meters) {
        this.rebuilds = Counter.builder("renfort.region.view.rebuilds")
                .description("Pictures rebuilt from the tables because the change log no longer held what the view needed")
                .register(meters);
        this.reader = reader;
        this.notifications = notifications;
        this.clock = clock;
        this.writersEndWithin = config.transactionTimeout().plusSeconds(1);
    }

    /** A change once applied: its position and kind, and the hospital's picture right after it. */
    public record Applied(long position, RegionChange.Kind kind, java.time.Instant occurredAt, HospitalState hospital) {
    }

    /** The whole picture as of a position. */
    public record Snapshot(long position, List<HospitalState> hospitals) {
    }

    void start(@Observes StartupEvent event) {
        load().await().atMost(writersEndWithin.plusSeconds(60));
        stopListening = notifications.listen(ChangeLog.CHANNEL, payload -> catchUp(), this::catchUp);
        catchUp();
    }

    /**
     * Reads the whole picture and the position it is as of; every watcher gets it as a new
     * snapshot. The position is read before the state, and every change after it is applied again
     * on top: changes carry resulting states, so the picture converges to the exact one. Every
     * writer that took a position up to `last` must have ended before the state is read, or its
     * change would be neither in the state nor after `last`: every transaction older than the
     * horizon has ended, or ours certainly have (writersEndWithin).
     */
    Uni<Void> load() {
        return reader.lastPosition().chain(horizon -> {
            long since = System.nanoTime();
            return reader.oldestRunningTransaction()
                    .repeat().withDelay(Duration.ofMillis(10))
                    .until(xmin -> xmin >= horizon.xmax() || waitedFor(since) >= writersEndWithin.toNanos())
                    .collect().last()
                    .chain(() -> reader.loadAll(clock.instant()))
                    .invoke(states -> {
                        synchronized (lock) {
                            hospitals.clear();
                            states.forEach(s -> hospitals.put(s.hospital().id(), s));
                            position = horizon.position();
                            floor = horizon.position();
                            recent.clear();
                            hole = null;
                            inPlanBlanc = (int) hospitals.values().stream().filter(RegionView::inPlanBlanc).count();
                            inCrisis = inPlanBlanc > 0;
                            Snapshot snapshot = new Snapshot(position, sorted());
                            for (Watcher watcher : watchers) {
                                watcher.restartFrom(snapshot);
                            }
                        }
                    });
        }).replaceWithVoid();
    }

    void stop(@Observes ShutdownEvent event) {
        stopListening.run();
    }

    @Scheduled(every = "${renfort.capacity.view-poll-interval:1s}")
    void poll() {
        catchUp();
    }

    /** The region is in crisis while any of its hospitals has triggered its Plan blanc. */
    public boolean isInCrisis() {
        return inCrisis;
    }

    private static boolean inPlanBlanc(HospitalState h) {
        return h != null && h.currentStatus().map(s -> s.crisisPlan() == CrisisPlanLevel.PLAN_BLANC).orElse(false);
    }

    /** Applies every change after the current position; runs are serialised, a request during one reruns it. */
    public void catchUp() {
        if (position < 0) {
            return;
        }
        again.set(true);
        if (!catchingUp.compareAndSet(false, true)) {
            return;
        }
        again.set(false);
        reader.changesAfter(position, BATCH).flatMap(changes -> {
            for (RegionChange change : changes) {
                if (change.position() == position + 1) {
                    hole = null;
                    apply(change);
                    continue;
                }
                return resolveHole(change.position()).map(skipped -> skipped || changes.size() == BATCH);
            }
            return Uni.createFrom().item(changes.size() == BATCH);
        }).subscribe().with(more -> {
            catchingUp.set(false);
            if (more || again.get()) {
                catchUp();
            }
        }, failure -> {
            catchingUp.set(false);
            LOG.warnf("region view could not read the change log: %s", failure.getMessage());
        });
    }

    /**
     * Positions come from a sequence, so a writer may commit after a later one, and a rolled-back
     * writer leaves a hole for good. A hole is waited for until every transaction that was
     * running when it was first seen has ended, or until no writer of ours can still be running
     * (writersEndWithin: a long transaction of another client of the server does not stall the
     * view); if it is still empty then, it is skipped. Returns whether the hole was skipped (then
     * the next positions can be applied at once).
     */
    private Uni<Boolean> resolveHole(long next) {
        long missing = position + 1;
        if (hole == null || hole.position() != missing) {
            return reader.purgedThrough().chain(purgedThrough -> {
                if (purgedThrough >= missing) {
                    return rebuild(missing, purgedThrough);
                }
                return reader.nextTransaction().map(xmax -> {
                    hole = new Hole(missing, xmax, System.nanoTime());
                    return false;
                });
            });
        }
        Hole waiting = hole;
        boolean writersEnded = waitedFor(waiting.seenAt()) >= writersEndWithin.toNanos();
        return (writersEnded ? Uni.createFrom().item(Long.MAX_VALUE) : reader.oldestRunningTransaction()).flatMap(xmin -> {
            if (xmin < waiting.xmax()) {
                return Uni.createFrom().item(false);
            }
            if (writersEnded) {
                LOG.infof("region view: position %d still missing after %s, older transactions on the server notwithstanding: "
                        + "skipped (no transaction of this service lives that long)", missing, writersEndWithin);
            }
            // Every writer that could fill the hole has ended: re-read, in case one committed meanwhile.
            return reader.changesAfter(position, 1).map(first -> {
                synchronized (lock) {
                    if (first.isEmpty() || first.get(0).position() == missing || position != waiting.position() - 1) {
                        return true;
                    }
                    position = first.get(0).position() - 1;
                    hole = null;
                    return true;
                }
            });
        });
    }

    /**
     * The changes this view still needs were deleted past their retention (it could not read the
     * log for that long): it starts again from the whole picture, and so does every watcher.
     */
    private Uni<Boolean> rebuild(long missing, long purgedThrough) {
        LOG.warnf("region view: position %d was deleted past the change log's retention (up to %d): "
                + "rebuilding the picture from the tables, watchers get a new snapshot", missing, purgedThrough);
        rebuilds.increment();
        return load().replaceWith(true);
    }

    private record Hole(long position, long xmax, long seenAt) {
    }

    private static long waitedFor(long since) {
        return System.nanoTime() - since;
    }

    private void apply(RegionChange change) {
        synchronized (lock) {
            if (change.position() <= position) {
                return;
            }
            HospitalState current = hospitals.get(change.hospital());
            HospitalState next;
            if (change.payload() instanceof RegionChange.Registered registered) {
                next = current == null ? HospitalState.registered(registered.hospital()) : current.apply(registered);
            } else if (current == null) {
                position = change.position();
                return;
            } else {
                next = current.apply(change.payload());
            }
            hospitals.put(change.hospital(), next);
            position = change.position();
            inPlanBlanc += (inPlanBlanc(next) ? 1 : 0) - (inPlanBlanc(current) ? 1 : 0);
            inCrisis = inPlanBlanc > 0;
            Applied applied = new Applied(change.position(), change.kind(), change.occurredAt(), next);
            recent.addLast(applied);
            if (recent.size() > RECENT_CHANGES) {
                floor = recent.removeFirst().position();
            }
            for (Watcher watcher : watchers) {
                watcher.offer(applied);
            }
        }
    }

    public Snapshot snapshot() {
        synchronized (lock) {
            return new Snapshot(position, sorted());
        }
    }

    public java.util.Optional<HospitalState> hospital(HospitalId id) {
        synchronized (lock) {
            return java.util.Optional.ofNullable(hospitals.get(id));
        }
    }

    /** Every hospital, in no particular order: the values are immutable, the list a copy. */
    public List<HospitalState> hospitals() {
        synchronized (lock) {
            return List.copyOf(hospitals.values());
        }
    }

    private List<HospitalState> sorted() {
        return hospitals.values().stream().sorted(Comparator.comparing(h -> h.hospital().id().value())).toList();
    }

    /**
     * Registers a watcher: from a snapshot when afterPosition is 0, else from the change after
     * afterPosition. What it missed is replayed from the recent changes, then live changes
     * follow, in order, without gaps or duplicates.
     */
    public Watcher watch(long afterPosition, Consumer<Snapshot> onSnapshot, Consumer<Applied> onChange) {
        synchronized (lock) {
            if (afterPosition < 0) {
                throw new org.renfort.kernel.InvalidArgumentException("after_position", "must be 0 or a position received");
            }
            long from = afterPosition;
            if (afterPosition == 0) {
                Snapshot snapshot = new Snapshot(position, sorted());
                onSnapshot.accept(snapshot);
                from = snapshot.position();
            } else if (afterPosition < floor) {
                throw new FailedPreconditionException("position " + afterPosition + " is older than the changes kept ("
                        + floor + "): watch again from a snapshot (after_position 0)");
            }
            Watcher watcher = new Watcher(from, onSnapshot, onChange);
            for (Applied applied : recent) {
                watcher.offer(applied);
            }
            watchers.add(watcher);
            return watcher;
        }
    }

    public final class Watcher {
        private long cursor;
        private final Consumer<Snapshot> onSnapshot;
        private final Consumer<Applied> onChange;

        private Watcher(long cursor, Consumer<Snapshot> onSnapshot, Consumer<Applied> onChange) {
            this.cursor = cursor;
            this.onSnapshot = onSnapshot;
            this.onChange = onChange;
        }

        void restartFrom(Snapshot snapshot) {
            cursor = snapshot.position();
            onSnapshot.accept(snapshot);
        }

        void offer(Applied applied) {
            if (applied.position() > cursor) {
                cursor = applied.position();
                onChange.accept(applied);
            }
        }

        public void cancel() {
            watchers.remove(this);
        }
    }
}
