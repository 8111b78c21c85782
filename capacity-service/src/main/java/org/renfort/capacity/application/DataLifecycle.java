package org.renfort.capacity.application;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.renfort.servicekit.Batches;
import org.renfort.capacity.config.CapacityConfig;
import org.renfort.capacity.persistence.RetentionStore;

import java.time.Clock;
import java.time.Instant;
import java.util.function.IntFunction;

/**
 * Deletes what capacity-service no longer needs - change-log entries past their retention - and
 * moves closed holds to their archive. Runs on every instance; the statements are safe to run
 * concurrently. Reports (the capacity history) and the audit trail are the record and stay.
 */
@ApplicationScoped
public class DataLifecycle {
    private static final Logger LOG = Logger.getLogger(DataLifecycle.class);
    /** Batches per run and per rule: a backlog is worked off over several runs, never in one long one. */
    private static final int MAX_BATCHES = 20;

    private final RetentionStore store;
    private final CapacityConfig.Retention config;
    private final Clock clock;
    private final Counter changesDeleted;
    private final Counter holdsArchived;

    DataLifecycle(RetentionStore store, CapacityConfig config, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.config = config.retention();
        this.clock = clock;
        this.changesDeleted = Counter.builder("renfort.retention.deleted").tag("data", "capacity_change")
                .description("Change-log entries deleted past their retention").register(meters);
        this.holdsArchived = Counter.builder("renfort.retention.deleted").tag("data", "bed_hold")
                .description("Closed holds moved to bed_hold_archive").register(meters);
    }

    @Scheduled(every = "${renfort.capacity.retention.interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return apply().onFailure().invoke(failure -> LOG.warnf("data lifecycle run failed (retried at the next run): %s",
                failure.getMessage())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One run of every rule; what each moved or deleted. */
    public Uni<Result> apply() {
        Instant now = clock.instant();
        return repeat(batch -> store.purgeChangeLog(now.minus(config.changeLog()), batch))
                .chain(changes -> repeat(batch -> store.archiveHolds(now.minus(config.holdArchiveAfter()), batch))
                        .map(holds -> record(new Result(changes, holds))));
    }

    public record Result(int changesDeleted, int holdsArchived) {
    }

    private Result record(Result result) {
        changesDeleted.increment(result.changesDeleted());
        holdsArchived.increment(result.holdsArchived());
        if (result.changesDeleted() + result.holdsArchived() > 0) {
            LOG.infof("data lifecycle: %d change-log entries older than %s deleted, %d closed holds archived",
                    result.changesDeleted(), config.changeLog(), result.holdsArchived());
        }
        return result;
    }

    private Uni<Integer> repeat(IntFunction<Uni<Integer>> batch) {
        return Batches.whileFull(batch, config.batch(), MAX_BATCHES);
    }
}
