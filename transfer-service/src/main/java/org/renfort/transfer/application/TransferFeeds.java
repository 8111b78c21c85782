package org.renfort.transfer.application;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.Caller;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.servicekit.audit.AuditTrail;
import org.renfort.kernel.Role;
import org.renfort.transfer.domain.TransferAccess;
import org.renfort.transfer.persistence.FeedReads;
import org.renfort.transfer.persistence.FeedReads.OfferEvent;
import org.renfort.transfer.persistence.FeedReads.TransportEvent;
import org.renfort.transfer.persistence.FeedSignals;
import org.renfort.transfer.persistence.RetentionStore;
import org.renfort.transfer.persistence.TransferFeed;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The streams of the clients that act: a hospital's offers, dispatch's transports. Each watcher
 * reads the feed after its last position whenever the feed signals, in order, so a client that
 * reconnects with the last position it received misses nothing and receives nothing twice.
 * Entries are rendered with the current offer and transfer (never the clinical note), read
 * with the plain SQL client: a watcher lives as long as its stream and holds no session.
 */
@ApplicationScoped
public class TransferFeeds {
    private static final int BATCH = 200;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TransferFeeds.class);

    /** Stops a watch. */
    public interface Watch {
        void cancel();
    }

    static final String WATCH_OFFERS = "WatchOffers";

    private final TransferFeed feed;
    private final FeedSignals signals;
    private final FeedReads reads;
    private final AuditTrail audit;
    private final RetentionStore retention;

    TransferFeeds(TransferFeed feed, FeedSignals signals, FeedReads reads, AuditTrail audit, RetentionStore retention) {
        this.retention = retention;
        this.feed = feed;
        this.signals = signals;
        this.reads = reads;
        this.audit = audit;
    }

    /**
     * A hospital's offers after a position; from 0, everything since the oldest offer still
     * open (so a fresh client sees what waits for its answer). Refusals are thrown before any entry.
     */
    public Watch watchOffers(Caller caller, Optional<HospitalId> requested, long afterPosition,
                             Consumer<OfferEvent> sink, Consumer<Throwable> failed) {
        HospitalId hospital = requested.orElseGet(() -> {
            if (caller.isHospitalPrincipal()) {
                return caller.ownHospital();
            }
            throw new InvalidArgumentException("hospital_id", "is required: the hospital whose offers to watch");
        });
        checkPosition(afterPosition);
        try {
            TransferAccess.checkMayReadOffers(caller, hospital);
        } catch (PermissionDeniedException denied) {
            // A look at another hospital's offers is refused once the refusal is in the audit trail.
            audit.refuse(caller, WATCH_OFFERS, hospital.value(), Optional.of(hospital), denied)
                    .subscribe().with(never -> { }, failed::accept);
            return () -> { };
        }
        Uni<Long> start = afterPosition > 0 ? resumable(afterPosition) : reads.beforeOldestOpenOffer(hospital.value());
        return watch(TransferFeed.audience(TransferFeed.Topic.OFFER, Optional.of(hospital)), start,
                after -> reads.offerEventsAfter(hospital, after, BATCH), OfferEvent::position, events -> events.forEach(sink), failed);
    }

    /**
     * Every change of a transfer that needs or has a transport that the caller may see (a
     * dispatcher: its dispatch centre's), after a position (0: from now).
     */
    public Watch watchTransports(Caller caller, long afterPosition, Consumer<TransportEvent> sink, Consumer<Throwable> failed) {
        if (!caller.has(Role.DISPATCHER) && !caller.has(Role.COORDINATOR)) {
            throw new org.renfort.kernel.PermissionDeniedException("only dispatchers and coordinators watch transports");
        }
        checkPosition(afterPosition);
        Uni<Long> start = afterPosition > 0 ? resumable(afterPosition) : feed.lastPosition();
        // A dispatcher follows the transports its dispatch centre handles (and those it asked for).
        return watch(TransferFeed.audience(TransferFeed.Topic.TRANSPORT, Optional.empty()), start,
                after -> reads.transportEventsAfter(after, BATCH), TransportEvent::position,
                events -> events.stream().filter(e -> TransferAccess.maySee(caller, e.transfer())).forEach(sink), failed);
    }

    private static void checkPosition(long afterPosition) {
        if (afterPosition < 0) {
            throw new InvalidArgumentException("after_position", "must not be negative");
        }
    }

    /** A position to resume after, unless the entries after it were deleted past their retention. */
    private Uni<Long> resumable(long afterPosition) {
        return retention.feedPurgedThrough().map(purgedThrough -> {
            if (afterPosition < purgedThrough) {
                throw new FailedPreconditionException("position " + afterPosition + " is older than the feed kept (entries up to "
                        + purgedThrough + " were deleted): watch again from after_position 0");
            }
            return afterPosition;
        });
    }

    /**
     * Reads after the last position on every signal of the audience, one read at a time: a signal
     * during a read causes one more read. Each read is one statement, the entries with what they
     * are about.
     */
    private <E> Watch watch(String audience, Uni<Long> start, Function<Long, Uni<List<E>>> readAfter,
                            ToLongFunction<E> position, Consumer<List<E>> deliver, Consumer<Throwable> failed) {
        AtomicLong last = new AtomicLong(-1);
        AtomicBoolean reading = new AtomicBoolean();
        AtomicBoolean again = new AtomicBoolean();
        AtomicBoolean cancelled = new AtomicBoolean();
        Runnable[] read = new Runnable[1];
        read[0] = () -> {
            if (cancelled.get() || last.get() < 0) {
                return;
            }
            if (!reading.compareAndSet(false, true)) {
                again.set(true);
                return;
            }
            readAfter.apply(last.get())
                    .invoke(entries -> {
                        if (!entries.isEmpty() && !cancelled.get()) {
                            deliver.accept(entries);
                            last.set(position.applyAsLong(entries.get(entries.size() - 1)));
                        }
                    })
                    .subscribe().with(entries -> {
                        reading.set(false);
                        if (entries.size() == BATCH || again.getAndSet(false)) {
                            read[0].run();
                        }
                    }, failure -> {
                        LOG.warnf("a watch of %s failed and was closed (the client resumes from its position): %s", audience, failure.toString());
                        cancelled.set(true);
                        failed.accept(failure);
                    });
        };
        Runnable stopListening = signals.listen(audience, read[0]);
        start.subscribe().with(from -> {
            last.set(from);
            read[0].run();
        }, failure -> {
            cancelled.set(true);
            failed.accept(failure);
        });
        return () -> {
            cancelled.set(true);
            stopListening.run();
        };
    }
}
