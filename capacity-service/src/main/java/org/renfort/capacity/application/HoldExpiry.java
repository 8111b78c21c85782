package org.renfort.capacity.application;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sweeps expired holds every second on every instance. Expiry itself needs no sweep (an expired
 * hold stops counting at its deadline, also across a restart); the sweep records it and tells
 * the watchers.
 */
@ApplicationScoped
public class HoldExpiry {
    private final BedHolds holds;

    HoldExpiry(BedHolds holds) {
        this.holds = holds;
    }

    @Scheduled(every = "${renfort.capacity.hold-sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return holds.expireDue(100).replaceWithVoid();
    }
}
