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
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A round of a claimed transfer: find candidates in capacity-service, choose the best K by the
 * policy, record offers to them (or leave the transfer unplaced), then place their holds with
 * what is in hand. While capacity-service is down the transfer waits and says so.
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

    NegotiationRounds(TransferRepository transfers, CapacityClient capacity, HoldWorkOutbox holdWork,
                      NegotiationPolicy policy, NegotiationConfig config, Clock clock) {
        this.transfers = transfers;
        this.capacity = capacity;
        this.holdWork = holdWork;
        this.policy = policy;
        this.lease = config.lease();
        this.retryDelay = config.retryDelay();
        this.clock = clock;
    }

    /** What a round needs, read before calling capacity-service (no transaction is held across the call). */
    private record RoundInput(TransferDetails transfer, Set<HospitalId> notToAsk, Optional<HospitalId> directed, Instant lease) {
    }

    /** A round claimed by the scheduler: the lease it was claimed with is the transfer's due time. */
    Uni<Void> run(UUID transferId) {
        return Panache.withSession(() -> transfers.load(transferId)).chain(found -> {
            Optional<Transfer> t = found.filter(f -> f.roundDue().isPresent());
            return t.isEmpty() ? Uni.createFrom().voidItem() : findAndOffer(new RoundInput(t.get().details(),
                    t.get().hospitalsNotToAsk(now()), t.get().directedTo(), t.get().roundDue().get()));
        });
    }

    /** The first round of a transfer this instance just stored: nothing to read back, it has no offers yet. */
    Uni<Void> first(TransferDetails transfer, Instant lease) {
        return findAndOffer(new RoundInput(transfer, Set.of(), Optional.empty(), lease));
    }

    private Uni<Void> findAndOffer(RoundInput input) {
        return capacity.findBeds(input.transfer().origin(), input.transfer().requirements())
                .chain(found -> offer(input, found))
                .onFailure(CapacityClient::isUnavailable).recoverWithUni(f -> waitForCapacity(input, f));
    }

    private Uni<Void> offer(RoundInput input, List<Candidate> found) {
        List<Candidate> chosen = policy.choose(found, input.transfer().requirements(), input.notToAsk(), input.directed());
        Instant now = now();
        return Panache.withTransaction(() -> transfers.lock(input.transfer().id()).chain(locked -> {
            Transfer t = locked.orElseThrow();
            if (!t.isClaimedBy(input.lease())) {
                return Uni.createFrom().item(List.<Offer>of());
            }
            Outcome outcome = chosen.isEmpty() ? t.noCandidateLeft(now, policy.unplacedRetry())
                    : t.offerTo(chosen, now, now.plus(lease));
            return transfers.save(t, outcome, null).replaceWith(outcome.offersMade());
        })).chain(made -> holdWork.placeAll(made, input.transfer().requirements()));
    }

    private Uni<Void> waitForCapacity(RoundInput input, Throwable failure) {
        Instant now = now();
        return Panache.withTransaction(() -> transfers.lock(input.transfer().id()).chain(locked -> {
            Transfer t = locked.orElseThrow();
            if (!t.isClaimedBy(input.lease())) {
                return Uni.createFrom().voidItem();
            }
            if (!t.isWaitingForCapacity()) {
                LOG.warnf("transfer %s waits for capacity-service: %s", t.id(), failure.toString());
            }
            return transfers.save(t, t.waitForCapacity(now, now.plus(retryDelay), failure.getMessage()), null);
        }));
    }

    private Instant now() {
        return clock.instant();
    }
}
