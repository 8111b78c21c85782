package org.renfort.transfer.application;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.renfort.kernel.HospitalId;
import org.renfort.transfer.client.CapacityClient;
import org.renfort.transfer.config.NegotiationConfig;
import org.renfort.transfer.domain.Candidate;
import org.renfort.transfer.domain.NegotiationPolicy;
import org.renfort.transfer.domain.Offer;
import org.renfort.transfer.domain.Outcome;
import org.renfort.transfer.domain.Transfer;
import org.renfort.transfer.domain.TransferDetails;
import org.renfort.transfer.domain.TransferRequirements;
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A round of a claimed transfer: find candidates in capacity-service (a planned transfer already
 * knows its one), choose the best K by the policy, record offers to them (or leave the transfer
 * unplaced), then place their holds with what is in hand. While capacity-service is down the
 * transfer waits and says so. The rounds of one scheduler pass run together.
 */
@ApplicationScoped
class NegotiationRounds {
    private static final Logger LOG = Logger.getLogger(NegotiationRounds.class);

    private final TransferRepository transfers;
    private final CapacityClient capacity;
    private final HoldWorkOutbox holdWork;
    private final NegotiationPolicy policy;
    private final Duration lease;
    private final Duration retryDelay;
    private final Clock clock;
    private final RoundPhases phases;

    NegotiationRounds(TransferRepository transfers, CapacityClient capacity, HoldWorkOutbox holdWork,
                      NegotiationPolicy policy, NegotiationConfig config, Clock clock, RoundPhases phases) {
        this.transfers = transfers;
        this.capacity = capacity;
        this.holdWork = holdWork;
        this.policy = policy;
        this.lease = config.lease();
        this.retryDelay = config.retryDelay();
        this.clock = clock;
        this.phases = phases;
    }

    /** What a round needs, read before calling capacity-service (no transaction is held across the call). */
    private record RoundInput(TransferDetails transfer, Set<HospitalId> notToAsk, Optional<HospitalId> directed,
                              Optional<Candidate> planned, Instant lease) {
    }

    /** A round's candidates, or why capacity-service could not be asked. */
    private record Searched(RoundInput input, Optional<List<Candidate>> found, Optional<Throwable> unavailable) {
    }

    /** A round's new offers, their holds to place. */
    record RoundOffers(List<Offer> made, TransferRequirements requirements) {
    }

    /**
     * Rounds claimed by the scheduler (the lease each was claimed with is its due time), run
     * together: one read, their searches side by side, one transaction for all their offers,
     * and their holds placed together.
     */
    Uni<Void> runAll(List<UUID> transferIds) {
        return Panache.withSession(() -> transfers.loadAll(transferIds)).chain(loaded -> {
            Instant now = now();
            List<RoundInput> due = loaded.stream().filter(t -> t.roundDue().isPresent())
                    .map(t -> new RoundInput(t.details(), t.hospitalsNotToAsk(now), t.directedTo(), t.plannedCandidate(),
                            t.roundDue().get())).toList();
            return searchAndOffer(due);
        });
    }

    /** The first round of a transfer this instance just stored: nothing to read back, it has no offers yet. */
    Uni<Void> first(TransferDetails transfer, Instant lease, long handedOffNanos) {
        phases.since(RoundPhases.Phase.FIRST_ROUND_HANDOFF, handedOffNanos);
        return searchAndOffer(List.of(new RoundInput(transfer, Set.of(), Optional.empty(), Optional.empty(), lease)))
                .invoke(() -> phases.since(RoundPhases.Phase.FIRST_ROUND, handedOffNanos));
    }

    private Uni<Void> searchAndOffer(List<RoundInput> rounds) {
        if (rounds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long searching = System.nanoTime();
        return Uni.join().all(rounds.stream().map(this::search).toList()).usingConcurrencyOf(WorkContexts.CONCURRENCY).andFailFast()
                .invoke(() -> phases.since(RoundPhases.Phase.FIND_BEDS, searching))
                .chain(searched -> {
                    long recording = System.nanoTime();
                    return offerAll(searched).invoke(() -> phases.since(RoundPhases.Phase.RECORD_OFFERS, recording));
                })
                .chain(holdWork::placeAll);
    }

    /** A planned transfer's one candidate is known; any other round asks capacity-service. */
    private Uni<Searched> search(RoundInput input) {
        if (input.planned().isPresent()) {
            return Uni.createFrom().item(new Searched(input, Optional.of(List.of(input.planned().get())), Optional.empty()));
        }
        return capacity.findBeds(input.transfer().origin(), input.transfer().requirements())
                .map(found -> new Searched(input, Optional.of(found), Optional.<Throwable>empty()))
                .onFailure(CapacityClient::isUnavailable).recoverWithItem(f -> new Searched(input, Optional.empty(), Optional.of(f)));
    }

    /**
     * One transaction for every round: each transfer still claimed with its lease gets its
     * offers, is left unplaced, or waits for capacity-service, and says so.
     */
    private Uni<List<RoundOffers>> offerAll(List<Searched> searched) {
        Map<UUID, Searched> byTransfer = new HashMap<>();
        searched.forEach(s -> byTransfer.put(s.input().transfer().id(), s));
        Instant now = now();
        return Panache.withTransaction(() -> transfers.lockAll(byTransfer.keySet()).chain(locked -> {
            List<RoundOffers> made = new ArrayList<>();
            List<TransferRepository.Change> changes = new ArrayList<>();
            for (Transfer t : locked) {
                Searched s = byTransfer.get(t.id());
                if (!t.isClaimedBy(s.input().lease())) {
                    continue;
                }
                Outcome outcome;
                if (s.found().isEmpty()) {
                    Throwable failure = s.unavailable().orElseThrow();
                    if (!t.isWaitingForCapacity()) {
                        LOG.warnf("transfer %s waits for capacity-service: %s", t.id(), failure.toString());
                    }
                    outcome = t.waitForCapacity(now, now.plus(retryDelay), failure.getMessage());
                } else {
                    List<Candidate> chosen = policy.choose(s.found().get(), t.requirements(), s.input().notToAsk(),
                            s.input().directed());
                    outcome = chosen.isEmpty() ? t.noCandidateLeft(now, policy.unplacedRetry())
                            : t.offerTo(chosen, now, now.plus(lease));
                    made.add(new RoundOffers(outcome.offersMade(), t.requirements()));
                }
                changes.add(new TransferRepository.Change(t, outcome, null));
            }
            return transfers.saveAll(changes).replaceWith(made);
        }));
    }

    private Instant now() {
        return clock.instant();
    }
}
