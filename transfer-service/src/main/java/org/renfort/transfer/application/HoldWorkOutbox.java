package org.renfort.transfer.application;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.transfer.client.CapacityClient;
import org.renfort.transfer.client.CapacityClient.HoldToPlace;
import org.renfort.transfer.client.HoldPlacements;
import org.renfort.transfer.client.HoldRefusedException;
import org.renfort.transfer.config.NegotiationConfig;
import org.renfort.transfer.domain.HoldAction;
import org.renfort.transfer.domain.NegotiationPolicy;
import org.renfort.transfer.domain.Offer;
import org.renfort.transfer.domain.Outcome;
import org.renfort.transfer.domain.Transfer;
import org.renfort.transfer.domain.TransferRequirements;
import org.renfort.transfer.persistence.OfferRepository;
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The work offers owe capacity-service on their bed holds - place, release, extend, consume -
 * recorded with the decision that needs it and carried out here, retried until done: the only
 * caller of capacity-service's hold calls. Each result is recorded on the {@link Transfer} under
 * its lock, on the offer as committed: a decision may have changed the work owed meanwhile.
 */
@ApplicationScoped
class HoldWorkOutbox {
    private final TransferRepository transfers;
    private final OfferRepository offers;
    private final CapacityClient capacity;
    private final HoldPlacements placements;
    private final NegotiationPolicy policy;
    private final NegotiationScheduler scheduler;
    private final WorkContexts contexts;
    private final Duration retryDelay;
    private final Clock clock;

    HoldWorkOutbox(TransferRepository transfers, OfferRepository offers, CapacityClient capacity, HoldPlacements placements,
                   NegotiationPolicy policy,
                   NegotiationScheduler scheduler, WorkContexts contexts, NegotiationConfig config, Clock clock) {
        this.transfers = transfers;
        this.offers = offers;
        this.capacity = capacity;
        this.placements = placements;
        this.policy = policy;
        this.scheduler = scheduler;
        this.contexts = contexts;
        this.retryDelay = config.retryDelay();
        this.clock = clock;
    }

    private record Owed(Offer offer, TransferRequirements requirements) {
    }

    /** Carries out what a claimed offer owes, then records that it is done. */
    Uni<Void> run(UUID offerId) {
        return Panache.withSession(() -> offers.find(offerId).chain(found -> found.filter(o -> o.holdWork().isPresent())
                        .map(o -> transfers.load(o.transferId()).map(t -> new Owed(o, t.orElseThrow().requirements())))
                        .orElse(Uni.createFrom().nullItem())))
                .chain(owed -> owed == null ? Uni.createFrom().voidItem() : switch (owed.offer().holdWork().get().action()) {
                    case PLACE -> place(owed.offer(), owed.requirements());
                    case RELEASE -> settle(owed.offer(), HoldAction.RELEASE, capacity.releaseHold(owed.offer().holdId().orElseThrow()));
                    case EXTEND -> settle(owed.offer(), HoldAction.EXTEND,
                            capacity.extendHold(owed.offer().holdId().orElseThrow(), owed.offer().holdExpiresAt().orElseThrow()));
                    case CONSUME -> settle(owed.offer(), HoldAction.CONSUME, capacity.consumeHold(owed.offer().holdId().orElseThrow()));
                });
    }

    /** A round's new offers: their holds are this instance's until the lease ends, placed now with what is in hand. */
    Uni<Void> placeAll(List<Offer> made, TransferRequirements requirements) {
        Map<UUID, Offer> byId = made.stream().collect(Collectors.toMap(Offer::id, o -> o));
        return contexts.forEach(List.copyOf(byId.keySet()), id -> place(byId.get(id), requirements));
    }

    private Uni<Void> place(Offer o, TransferRequirements requirements) {
        Instant answerBy = policy.answerBy(requirements.acuity(), now());
        // Lost in a crash, an opening is redone: the offer is still HOLDING and its hold, placed
        // again with the same key, is adopted - so that commit need not wait for the disk.
        return placements.place(new HoldToPlace(o.hospital(), requirements, o.transferId(), o.id(), answerBy))
                .chain(ticket -> record(o, true, t -> t.holdPlaced(o.id(), ticket.holdId(), ticket.expiresAt(), now())))
                .onFailure(HoldRefusedException.class).recoverWithUni(f -> record(o, false, t -> t.holdRefused(o.id(), f.getMessage(), now())))
                .onFailure(CapacityClient::isUnavailable).recoverWithUni(f -> dueAgain(o));
    }

    /** Release, extend or consume: done, or refused because there is nothing left to do; a fault retries later. */
    private Uni<Void> settle(Offer o, HoldAction action, Uni<Void> call) {
        return call.replaceWith(Optional.<String>empty())
                .onFailure(HoldRefusedException.class).recoverWithItem(f -> Optional.of(f.getMessage()))
                .chain(refusal -> record(o, false, t -> t.holdWorkDone(o.id(), action, refusal, now())))
                .onFailure(CapacityClient::isUnavailable).recoverWithUni(f -> dueAgain(o));
    }

    private Uni<Void> dueAgain(Offer o) {
        Instant at = now().plus(retryDelay);
        return record(o, false, t -> t.holdWorkDueAgain(o.id(), at));
    }

    /** Records a result under the transfer's lock; wakes the scheduler when it made work due now. */
    private Uni<Void> record(Offer o, boolean redoneIfLost, Function<Transfer, Outcome> result) {
        return Panache.withTransaction(() -> (redoneIfLost ? transfers.commitWithoutWaitingForTheDisk() : Uni.createFrom().voidItem())
                        .chain(() -> transfers.lock(o.transferId()))
                        .chain(locked -> {
                            Transfer t = locked.orElseThrow();
                            Outcome outcome = result.apply(t);
                            return transfers.save(t, outcome, null).replaceWith(madeWorkDue(t, outcome));
                        }))
                .invoke(due -> {
                    if (due) {
                        scheduler.wake();
                    }
                }).replaceWithVoid();
    }

    private boolean madeWorkDue(Transfer t, Outcome outcome) {
        Instant now = now();
        return outcome.holdWorkOwed().stream().anyMatch(o -> !o.holdWork().orElseThrow().due().isAfter(now))
                || t.roundDue().filter(due -> !due.isAfter(now)).isPresent();
    }

    private Instant now() {
        return clock.instant();
    }
}
