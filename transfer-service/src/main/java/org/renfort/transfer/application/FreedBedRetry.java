package org.renfort.transfer.application;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.renfort.kernel.BedCategory;
import org.renfort.transfer.client.RegionWatch;
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

/**
 * A bed appeared in the region: the unplaced transfers that need that kind of bed try again at
 * once instead of waiting for their periodic retry. Freed categories are gathered for a moment,
 * so that a burst of reports makes one retry.
 */
@ApplicationScoped
class FreedBedRetry {
    private static final Logger LOG = Logger.getLogger(FreedBedRetry.class);
    private static final long DEBOUNCE_MS = 200;

    private final TransferRepository transfers;
    private final NegotiationScheduler scheduler;
    private final WorkContexts contexts;
    private final Clock clock;
    private final Set<BedCategory> freed = EnumSet.noneOf(BedCategory.class);

    FreedBedRetry(TransferRepository transfers, NegotiationScheduler scheduler, WorkContexts contexts, Clock clock) {
        this.transfers = transfers;
        this.scheduler = scheduler;
        this.contexts = contexts;
        this.clock = clock;
    }

    void listenToTheRegion(@Observes StartupEvent event, RegionWatch region) {
        region.onFreeBeds(this::bedsFreed);
    }

    void bedsFreed(Set<BedCategory> categories) {
        boolean first;
        synchronized (freed) {
            first = freed.isEmpty();
            freed.addAll(categories);
        }
        if (first) {
            contexts.later(DEBOUNCE_MS, this::retry);
        }
    }

    private void retry() {
        Set<BedCategory> batch;
        synchronized (freed) {
            batch = EnumSet.copyOf(freed);
            freed.clear();
        }
        contexts.onOwnContext(() -> Panache.withTransaction(
                        () -> transfers.retryUnplaced(batch, clock.instant())))
                .subscribe().with(retried -> {
                    if (retried > 0) {
                        scheduler.wake();
                    }
                }, failure -> LOG.warnf("could not retry unplaced transfers: %s", failure.toString()));
    }
}
