package org.renfort.transfer.application;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

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
            return transfers.lockWithOverdueOffers(now, batch).chain(ids -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (UUID id : ids) {
                    chain = chain.chain(() -> transfers.lock(id).chain(found -> found
                            .map(t -> transfers.save(t, t.expireOverdueOffers(now), null))
                            .orElse(Uni.createFrom().voidItem())));
                }
                return chain.replaceWith(ids.size());
            });
        });
    }
}
