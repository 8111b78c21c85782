package org.renfort.transfer.application;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.HospitalId;
import org.renfort.transfer.domain.HoldAction;
import org.renfort.transfer.domain.OfferEventKind;
import org.renfort.transfer.domain.OfferStatus;
import org.renfort.transfer.domain.TransferStatus;
import org.renfort.transfer.persistence.OfferEntity;
import org.renfort.transfer.persistence.OfferRepository;
import org.renfort.transfer.persistence.TransferEntity;
import org.renfort.transfer.persistence.TransferFeed;
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The moves every decision on a locked transfer is made of: a status change with its history
 * entry, withdrawing live offers (owing the release of their holds), and telling the feed.
 * Call inside the transaction that holds the transfer's lock.
 */
@ApplicationScoped
class TransferChanges {
    static final String SYSTEM_ACTOR = "transfer-service";

    private final TransferRepository transfers;
    private final OfferRepository offers;
    private final TransferFeed feed;

    TransferChanges(TransferRepository transfers, OfferRepository offers, TransferFeed feed) {
        this.transfers = transfers;
        this.offers = offers;
        this.feed = feed;
    }

    /** Moves the transfer to a status and writes why; dispatch hears of every change after acceptance. */
    Uni<Void> moveTo(TransferEntity t, TransferStatus status, String actor, Instant now, String reason, String idempotencyKey) {
        TransferStatus before = TransferStatus.valueOf(t.status);
        t.status = status.name();
        t.updatedAt = now;
        Uni<Void> told = status.needsTransport() || before.needsTransport() || status == TransferStatus.ARRIVED
                || status == TransferStatus.COMPLETED
                ? feed.append(TransferFeed.Topic.TRANSPORT, Optional.empty(), status.name(), t.transferId, Optional.empty(), now)
                : Uni.createFrom().voidItem();
        return transfers.recordEvent(t.transferId, status, actor, now, reason, idempotencyKey).chain(() -> told);
    }

    /** Records an event that does not change the status (a decline, a wait), keeping the call's key. */
    Uni<Void> note(TransferEntity t, String actor, Instant now, String reason, String idempotencyKey) {
        t.updatedAt = now;
        return transfers.recordEvent(t.transferId, TransferStatus.valueOf(t.status), actor, now, reason, idempotencyKey);
    }

    /** Withdraws every live offer except one; each held bed is owed back. Hospitals that saw the offer are told. */
    Uni<List<OfferEntity>> withdrawLive(TransferEntity t, Optional<OfferEntity> except, Instant now) {
        return offers.live(t.transferId).call(live -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (OfferEntity o : live) {
                if (except.isPresent() && except.get().offerId.equals(o.offerId)) {
                    continue;
                }
                boolean seen = OfferStatus.valueOf(o.status) == OfferStatus.OPEN;
                o.status = OfferStatus.WITHDRAWN.name();
                // A hold still being placed is released by whoever finishes placing it.
                if (o.holdId != null) {
                    oweHoldWork(o, HoldAction.RELEASE, now);
                }
                if (seen) {
                    chain = chain.chain(() -> tellHospital(o, OfferEventKind.WITHDRAWN, now));
                }
            }
            return chain;
        });
    }

    /** The accepted offer's hold is owed back too: the patient will not come. */
    Uni<Void> releaseAccepted(TransferEntity t, Instant now, OfferEventKind kind) {
        return offers.find("transferId = ?1 and status = ?2", t.transferId, OfferStatus.ACCEPTED.name()).firstResult()
                .chain(accepted -> {
                    if (accepted == null) {
                        return Uni.createFrom().voidItem();
                    }
                    accepted.status = OfferStatus.WITHDRAWN.name();
                    if (accepted.holdId != null) {
                        oweHoldWork(accepted, HoldAction.RELEASE, now);
                    }
                    return tellHospital(accepted, kind, now);
                });
    }

    Uni<Void> tellHospital(OfferEntity o, OfferEventKind kind, Instant now) {
        return feed.append(TransferFeed.Topic.OFFER, Optional.of(new HospitalId(o.hospitalId)), kind.name(), o.transferId,
                Optional.of(o.offerId), now);
    }

    static void oweHoldWork(OfferEntity o, HoldAction action, Instant now) {
        o.holdAction = action.name();
        o.holdActionAt = now;
    }
}
