package org.renfort.transfer.application;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.renfort.servicekit.Batches;
import org.renfort.servicekit.audit.AuditTrail;
import org.renfort.transfer.config.RetentionConfig;
import org.renfort.transfer.persistence.RetentionStore;

import java.time.Clock;
import java.time.Instant;
import java.util.function.IntFunction;

/**
 * Deletes what transfer-service no longer needs: feed entries past their retention and the
 * clinical notes of transfers finished long enough ago. Runs on every instance; the statements
 * are safe to run concurrently. Transfers, offers and their history are the record and stay.
 */
@ApplicationScoped
public class DataLifecycle {
    private static final Logger LOG = Logger.getLogger(DataLifecycle.class);
    /** Batches per run and per rule: a backlog is worked off over several runs, never in one long one. */
    private static final int MAX_BATCHES = 20;

    private final RetentionStore store;
    private final RetentionConfig config;
    private final AuditTrail audit;
    private final Clock clock;
    private final Counter feedEntriesDeleted;
    private final Counter clinicalNotesErased;

    DataLifecycle(RetentionStore store, RetentionConfig config, AuditTrail audit, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
        this.feedEntriesDeleted = Counter.builder("renfort.retention.deleted").tag("data", "transfer_feed")
                .description("Feed entries deleted past their retention").register(meters);
        this.clinicalNotesErased = Counter.builder("renfort.retention.deleted").tag("data", "clinical_note")
                .description("Clinical notes erased after the transfer finished").register(meters);
    }

    @Scheduled(every = "${renfort.transfer.retention.interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return apply().onFailure().invoke(failure -> LOG.warnf("data lifecycle run failed (retried at the next run): %s",
                failure.getMessage())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One run of every rule; what was deleted by each. */
    public Uni<Result> apply() {
        Instant now = clock.instant();
        return repeat(batch -> store.purgeFeed(now.minus(config.feed()), batch))
                .chain(feed -> repeat(batch -> store.eraseClinicalNotes(now.minus(config.clinicalNote()), batch))
                        .chain(notes -> record(new Result(feed, notes))));
    }

    public record Result(int feedEntriesDeleted, int clinicalNotesErased) {
    }

    private Uni<Result> record(Result result) {
        feedEntriesDeleted.increment(result.feedEntriesDeleted());
        clinicalNotesErased.increment(result.clinicalNotesErased());
        if (result.feedEntriesDeleted() > 0) {
            LOG.infof("data lifecycle: %d feed entries older than %s deleted", result.feedEntriesDeleted(), config.feed());
        }
        if (result.clinicalNotesErased() == 0) {
            return Uni.createFrom().item(result);
        }
        LOG.infof("data lifecycle: the clinical notes of %d transfers finished over %s ago erased",
                result.clinicalNotesErased(), config.clinicalNote());
        return audit.recordSystemAction("EraseClinicalNotes", "transfer",
                        result.clinicalNotesErased() + " finished over " + config.clinicalNote() + " ago")
                .replaceWith(result);
    }

    private Uni<Integer> repeat(IntFunction<Uni<Integer>> batch) {
        return Batches.whileFull(batch, config.batch(), MAX_BATCHES);
    }
}
