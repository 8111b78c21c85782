package org.renfort.transfer.application;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Clock;
import java.time.Instant;

/** Offers not answered in time expire; a transfer whose round is exhausted has its next round due (the cascade). */
@ApplicationScoped
class OfferDeadlines {
    private final TransferRepository transfers;
    private final Clock clock;

    OfferDeadlines(TransferRepository transfers, Clock clock) {
        this.transfers = transfers;
        this.clock = clock;
    }

    /** One batch of transfers with overdue offers, locked (skipping those another instance holds); how many there were. */
    Uni<Integer> expireOverdueOffers(int batch) {
        return Panache.withTransaction(() -> {
            Instant now = clock.instant();
            return transfers.lockWithOverdueOffers(now, batch).chain(ids -> ids.isEmpty() ? Uni.createFrom().item(0)
                    : transfers.lockAll(ids).chain(locked -> transfers.saveAll(locked.stream()
                            .map(t -> new TransferRepository.Change(t, t.expireOverdueOffers(now), null)).toList()))
                    .replaceWith(ids.size()));
        });
    }
}
