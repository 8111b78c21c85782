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
import java.util.ArrayList;
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
    private final Duration retryDelay;
    private final Clock clock;
    private final RoundPhases phases;

    HoldWorkOutbox(TransferRepository transfers, OfferRepository offers, CapacityClient capacity, HoldPlacements placements,
                   NegotiationPolicy policy,
                   NegotiationScheduler scheduler, NegotiationConfig config, Clock clock, RoundPhases phases) {
        this.transfers = transfers;
        this.offers = offers;
        this.capacity = capacity;
        this.placements = placements;
        this.policy = policy;
        this.scheduler = scheduler;
        this.retryDelay = config.retryDelay();
        this.clock = clock;
        this.phases = phases;
    }

    private record Owed(Offer offer, TransferRequirements requirements) {
    }

    /** What carrying out one offer's hold work came to, to record under its transfer's lock. */
    private record WorkDone(Offer offer, Function<Transfer, Outcome> result) {
    }

    /** Carries out what claimed offers owe, side by side (placements share PlaceHolds calls), then records it all at once. */
    Uni<Void> runAll(List<UUID> offerIds) {
        return Panache.withSession(() -> offers.findAll(offerIds).chain(found -> {
                    List<Offer> owing = found.stream().filter(o -> o.holdWork().isPresent()).toList();
                    return transfers.loadAll(owing.stream().map(Offer::transferId).distinct().toList()).map(loaded -> {
                        Map<UUID, TransferRequirements> requirements = loaded.stream()
                                .collect(Collectors.toMap(Transfer::id, Transfer::requirements));
                        return owing.stream().map(o -> new Owed(o, requirements.get(o.transferId()))).toList();
                    });
                }))
                .chain(owed -> {
                    if (owed.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    // Extensions (one per acceptance) share one ExtendHolds call; the rest go one call each.
                    List<Offer> extending = owed.stream().map(Owed::offer)
                            .filter(o -> o.holdWork().orElseThrow().action() == HoldAction.EXTEND).toList();
                    List<Uni<List<WorkDone>>> calls = new ArrayList<>();
                    if (!extending.isEmpty()) {
                        calls.add(extendingAll(extending));
                    }
                    owed.stream().filter(w -> w.offer().holdWork().orElseThrow().action() != HoldAction.EXTEND)
                            .forEach(w -> calls.add(carryOut(w).map(List::of)));
                    return Uni.join().all(calls).usingConcurrencyOf(WorkContexts.CONCURRENCY).andFailFast()
                            .chain(done -> recordAll(done.stream().flatMap(List::stream).toList()));
                });
    }

    /** Each offer's hold moved to its new expiry, all in one call: done, refused (nothing left to do), or due again. */
    private Uni<List<WorkDone>> extendingAll(List<Offer> extending) {
        return capacity.extendHolds(extending.stream()
                        .map(o -> new CapacityClient.HoldToExtend(o.holdId().orElseThrow(), o.holdExpiresAt().orElseThrow())).toList())
                .map(refusals -> {
                    List<WorkDone> done = new ArrayList<>();
                    for (int i = 0; i < extending.size(); i++) {
                        Offer o = extending.get(i);
                        Optional<String> refusal = refusals.get(i);
                        done.add(new WorkDone(o, t -> t.holdWorkDone(o.id(), HoldAction.EXTEND, refusal, now())));
                    }
                    return done;
                })
                // The whole call refused (a malformed item): alone, the offer's work is done with that
                // refusal, as ExtendHold's; in a batch, the pass runs each piece alone.
                .onFailure(f -> f instanceof HoldRefusedException && extending.size() == 1).recoverWithItem(f -> List.of(
                        new WorkDone(extending.get(0), t -> t.holdWorkDone(extending.get(0).id(), HoldAction.EXTEND,
                                Optional.of(f.getMessage()), now()))))
                .onFailure(CapacityClient::isUnavailable).recoverWithItem(f -> extending.stream().map(this::dueAgain).toList());
    }

    private Uni<WorkDone> carryOut(Owed owed) {
        Offer o = owed.offer();
        return switch (o.holdWork().orElseThrow().action()) {
            case PLACE -> placing(o, owed.requirements());
            case RELEASE -> settling(o, HoldAction.RELEASE, capacity.releaseHold(o.holdId().orElseThrow()));
            case EXTEND -> extendingAll(List.of(o)).map(done -> done.get(0));
            case CONSUME -> settling(o, HoldAction.CONSUME, capacity.consumeHold(o.holdId().orElseThrow()));
        };
    }

    /**
     * Rounds' new offers: their holds are this instance's until the lease ends, placed now with
     * what is in hand - all at once, so they share PlaceHolds calls - and recorded in one transaction.
     */
    Uni<Void> placeAll(List<NegotiationRounds.RoundOffers> rounds) {
        List<Uni<WorkDone>> pending = new ArrayList<>();
        for (NegotiationRounds.RoundOffers round : rounds) {
            for (Offer o : round.made()) {
                pending.add(placing(o, round.requirements()));
            }
        }
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long placing = System.nanoTime();
        return Uni.join().all(pending).andFailFast().chain(placed -> {
            phases.since(RoundPhases.Phase.PLACE_HOLDS, placing);
            long opening = System.nanoTime();
            return recordAll(placed).invoke(() -> phases.since(RoundPhases.Phase.OPEN_OFFERS, opening));
        });
    }

    private Uni<WorkDone> placing(Offer o, TransferRequirements requirements) {
        Instant answerBy = policy.answerBy(requirements.acuity(), now());
        return placements.place(new HoldToPlace(o.hospital(), requirements, o.transferId(), o.id(), answerBy))
                .map(ticket -> new WorkDone(o, t -> t.holdPlaced(o.id(), ticket.holdId(), ticket.expiresAt(), now())))
                .onFailure(HoldRefusedException.class)
                .recoverWithItem(f -> new WorkDone(o, t -> t.holdRefused(o.id(), f.getMessage(), now())))
                .onFailure(CapacityClient::isUnavailable).recoverWithItem(f -> dueAgain(o));
    }

    /** Release or consume: done, or refused because there is nothing left to do; a fault retries later. */
    private Uni<WorkDone> settling(Offer o, HoldAction action, Uni<Void> call) {
        return call.replaceWith(Optional.<String>empty())
                .onFailure(HoldRefusedException.class).recoverWithItem(f -> Optional.of(f.getMessage()))
                .map(refusal -> new WorkDone(o, t -> t.holdWorkDone(o.id(), action, refusal, now())))
                .onFailure(CapacityClient::isUnavailable).recoverWithItem(f -> dueAgain(o));
    }

    private WorkDone dueAgain(Offer o) {
        Instant at = now().plus(retryDelay);
        return new WorkDone(o, t -> t.holdWorkDueAgain(o.id(), at));
    }

    /** Every result under its transfer's lock, in one transaction; wakes the scheduler when work became due. */
    private Uni<Void> recordAll(List<WorkDone> done) {
        // A durable commit: an opening announces the offer on the feed (TransferFeed.append).
        return Panache.withTransaction(() -> transfers.lockAll(done.stream().map(p -> p.offer().transferId()).toList())
                        .chain(locked -> {
                            Map<UUID, Transfer> byId = locked.stream().collect(Collectors.toMap(Transfer::id, t -> t));
                            List<TransferRepository.Change> changes = new ArrayList<>();
                            boolean due = false;
                            for (WorkDone p : done) {
                                Transfer t = byId.get(p.offer().transferId());
                                Outcome outcome = p.result().apply(t);
                                due |= madeWorkDue(t, outcome);
                                changes.add(new TransferRepository.Change(t, outcome, null));
                            }
                            return transfers.saveAll(changes).replaceWith(due);
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
