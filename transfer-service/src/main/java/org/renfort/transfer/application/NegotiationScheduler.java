package org.renfort.transfer.application;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.renfort.transfer.config.NegotiationConfig;
import org.renfort.transfer.domain.TransferDetails;
import org.renfort.transfer.persistence.OfferRepository;
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives every negotiation from the database, so that several instances share the work and a
 * crash loses nothing: each pass expires the offers past their deadline ({@link OfferDeadlines}),
 * runs the rounds that are due ({@link NegotiationRounds}) and the hold work owed to
 * capacity-service ({@link HoldWorkOutbox}). Work is claimed with {@code FOR UPDATE SKIP LOCKED}
 * and a lease (the due time pushed ahead): a claim that dies with its instance becomes due again
 * when the lease ends. A pass runs every tick and right after any commit that made work due
 * ({@link #wake()}), which is what keeps a request's first offers a few milliseconds away.
 */
@ApplicationScoped
public class NegotiationScheduler {
    private static final Logger LOG = Logger.getLogger(NegotiationScheduler.class);
    private static final int BATCH = 50;

    private final TransferRepository transfers;
    private final OfferRepository offers;
    private final OfferDeadlines deadlines;
    private final NegotiationRounds rounds;
    private final HoldWorkOutbox holdWork;
    private final WorkContexts contexts;
    private final Duration lease;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** First rounds this instance is running directly (see reserveFirstRound). */
    private final AtomicInteger firstRounds = new AtomicInteger();

    NegotiationScheduler(TransferRepository transfers, OfferRepository offers, OfferDeadlines deadlines,
                         NegotiationRounds rounds, HoldWorkOutbox holdWork, WorkContexts contexts, NegotiationConfig config,
                         Clock clock) {
        this.transfers = transfers;
        this.offers = offers;
        this.deadlines = deadlines;
        this.rounds = rounds;
        this.holdWork = holdWork;
        this.contexts = contexts;
        this.lease = config.lease();
        this.clock = clock;
    }

    @Scheduled(every = "${renfort.transfer.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        wake();
    }

    /** Runs a pass now on a context of its own; passes on one instance never overlap, a request during one runs another. */
    public void wake() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        contexts.onOwnContext(this::pass)
                .onFailure().invoke(f -> LOG.warnf("negotiation pass failed, retried next tick: %s", f.toString()))
                .onFailure().recoverWithNull()
                .subscribe().with(done -> {
                    running.set(false);
                    if (again.getAndSet(false)) {
                        wake();
                    }
                });
    }

    /** One pass; repeats while a batch came back full. */
    Uni<Void> pass() {
        return deadlines.expireOverdueOffers(BATCH).chain(expired -> Panache.withTransaction(
                        () -> transfers.claimDueRounds(now(), leaseEnd(), BATCH))
                .chain(claimed -> together(claimed, rounds::runAll).replaceWith(claimed.size()))
                .chain(roundCount -> Panache.withTransaction(() -> offers.claimDueHoldWork(now(), leaseEnd(), BATCH))
                        .chain(work -> together(work, holdWork::runAll)
                                .replaceWith(expired == BATCH || roundCount == BATCH || work.size() == BATCH))))
                .chain(full -> full ? pass() : Uni.createFrom().voidItem());
    }

    /**
     * Claimed work run together (one read, one transaction, shared capacity calls); if the batch
     * fails, each piece is run alone, so that one failing transfer cannot hold back the others.
     */
    private Uni<Void> together(List<UUID> claimed, Function<List<UUID>, Uni<Void>> work) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return work.apply(claimed).onFailure().recoverWithUni(f -> {
            LOG.warnf("a batch of %d failed (%s): running each alone", claimed.size(), f.toString());
            return contexts.forEach(claimed, id -> work.apply(List.of(id)));
        });
    }

    /**
     * Whether this instance takes the first round of a request it is about to store, right after
     * the commit - as long as few are in flight; otherwise the request is stored due and the
     * passes take it, a bounded number at a time.
     */
    public boolean reserveFirstRound() {
        if (firstRounds.incrementAndGet() > WorkContexts.CONCURRENCY) {
            firstRounds.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Starts the first round of a transfer this instance just stored with its lease (see {@link #reserveFirstRound}). */
    public void startFirstRound(TransferDetails transfer, Instant lease) {
        long handedOff = System.nanoTime();
        contexts.onOwnContext(() -> rounds.first(transfer, lease, handedOff)).subscribe().with(done -> firstRounds.decrementAndGet(),
                failure -> {
                    firstRounds.decrementAndGet();
                    LOG.warnf("first round of %s failed, retried when its lease ends: %s", transfer.id(), failure.toString());
                });
    }

    /** A reservation that will not be used (the request was refused or was a resend). */
    public void cancelFirstRound() {
        firstRounds.decrementAndGet();
    }

    private Instant now() {
        return clock.instant();
    }

    private Instant leaseEnd() {
        return now().plus(lease);
    }
}
