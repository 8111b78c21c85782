package org.renfort.transfer.application;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.renfort.kernel.HospitalId;
import org.renfort.transfer.client.BedHoldTicket;
import org.renfort.transfer.client.CapacityClient;
import org.renfort.transfer.client.HoldRefusedException;
import org.renfort.transfer.config.NegotiationConfig;
import org.renfort.transfer.domain.Candidate;
import org.renfort.transfer.domain.HoldAction;
import org.renfort.transfer.domain.NegotiationPolicy;
import org.renfort.transfer.domain.OfferEventKind;
import org.renfort.transfer.domain.OfferStatus;
import org.renfort.transfer.domain.Transfer;
import org.renfort.transfer.domain.TransferStatus;
import org.renfort.transfer.persistence.OfferEntity;
import org.renfort.transfer.persistence.OfferRepository;
import org.renfort.transfer.persistence.TransferEntity;
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.renfort.kernel.BedCategory;
import org.renfort.transfer.client.RegionWatch;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Drives every negotiation from the database, so that several instances share the work and a
 * crash loses nothing: each pass expires the offers past their deadline, starts the rounds that
 * are due and carries out the hold work owed to capacity-service. Work is claimed with
 * {@code FOR UPDATE SKIP LOCKED} and a lease (the due time pushed ahead): a claim that dies with
 * its instance becomes due again when the lease ends. A pass runs every tick and right after
 * any commit that made work due ({@link #wake()}), which is what keeps a request's first offers
 * a few milliseconds away.
 */
@ApplicationScoped
public class Negotiator {
    private static final Logger LOG = Logger.getLogger(Negotiator.class);
    private static final int BATCH = 50;
    private static final int CONCURRENCY = 16;

    private final TransferRepository transfers;
    private final OfferRepository offers;
    private final TransferChanges changes;
    private final CapacityClient capacity;
    private final NegotiationPolicy policy;
    private final Duration lease;
    private final Duration retryDelay;
    private final Clock clock;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** First rounds this instance is running directly (see reserveFirstRound). */
    private final AtomicInteger firstRounds = new AtomicInteger();

    Negotiator(TransferRepository transfers, OfferRepository offers, TransferChanges changes, CapacityClient capacity,
               NegotiationPolicy policy, NegotiationConfig config, Clock clock, Vertx vertx) {
        this.transfers = transfers;
        this.offers = offers;
        this.changes = changes;
        this.capacity = capacity;
        this.policy = policy;
        this.lease = config.lease();
        this.retryDelay = config.retryDelay();
        this.clock = clock;
        this.vertx = vertx;
    }

    /** Categories in which beds were freed since the last flush; flushed shortly after the first one. */
    private final Set<BedCategory> freed = EnumSet.noneOf(BedCategory.class);
    private static final long FREED_DEBOUNCE_MS = 200;

    void listenToTheRegion(@Observes StartupEvent event, RegionWatch region) {
        region.onFreeBeds(this::bedsFreed);
    }

    /** A bed appeared in the region: the unplaced transfers that need that kind of bed try again. */
    void bedsFreed(Set<BedCategory> categories) {
        boolean first;
        synchronized (freed) {
            first = freed.isEmpty();
            freed.addAll(categories);
        }
        if (first) {
            vertx.setTimer(FREED_DEBOUNCE_MS, id -> {
                Set<BedCategory> batch;
                synchronized (freed) {
                    batch = EnumSet.copyOf(freed);
                    freed.clear();
                }
                onOwnContext(() -> Panache.withTransaction(() -> transfers.retryUnplaced(batch, now())))
                        .subscribe().with(retried -> {
                            if (retried > 0) {
                                wake();
                            }
                        }, failure -> LOG.warnf("could not retry unplaced transfers: %s", failure.toString()));
            });
        }
    }

    @Scheduled(every = "${renfort.transfer.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        wake();
    }

    /**
     * Whether this instance takes the first round of a request it is about to store, right after
     * the commit - as long as few are in flight; otherwise the request is stored due and the
     * passes take it, CONCURRENCY at a time, so that a burst does not flood the connection pool.
     */
    public boolean reserveFirstRound() {
        if (firstRounds.incrementAndGet() > CONCURRENCY) {
            firstRounds.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Starts the first round of a transfer this instance just stored with its lease (see {@link #reserveFirstRound}). */
    public void startFirstRound(Transfer transfer, Instant lease) {
        // Nothing to read back: a new transfer has no offers yet and is directed nowhere.
        RoundInput input = new RoundInput(transfer, Set.of(), Optional.empty(), lease);
        onOwnContext(() -> findAndOffer(input)).subscribe().with(done -> firstRounds.decrementAndGet(), failure -> {
            firstRounds.decrementAndGet();
            LOG.warnf("first round of %s failed, retried when its lease ends: %s", transfer.id(), failure.toString());
        });
    }

    /** A reservation that will not be used (the request was refused or was a resend). */
    public void cancelFirstRound() {
        firstRounds.decrementAndGet();
    }

    /** Runs a pass now on a context of its own; passes on one instance never overlap, a request during one runs another. */
    public void wake() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(v -> Uni.createFrom().deferred(this::pass)
                .onFailure().invoke(f -> LOG.warnf("negotiation pass failed, retried next tick: %s", f.toString()))
                .onFailure().recoverWithNull()
                .subscribe().with(done -> {
                    running.set(false);
                    if (again.getAndSet(false)) {
                        wake();
                    }
                }));
    }

    /** One pass; repeats while a batch came back full. */
    Uni<Void> pass() {
        return expireOverdueOffers()
                .chain(() -> Panache.withTransaction(() -> transfers.claimDueRounds(now(), leaseEnd(), BATCH)))
                .chain(rounds -> forEach(rounds, this::runRound).replaceWith(rounds.size()))
                .chain(roundCount -> Panache.withTransaction(() -> offers.claimDueHoldWork(now(), leaseEnd(), BATCH))
                        .chain(work -> forEach(work, this::runHoldWork).replaceWith(roundCount == BATCH || work.size() == BATCH)))
                .chain(full -> full ? pass() : Uni.createFrom().voidItem());
    }

    /** Runs the steps concurrently, each on a context of its own: a Hibernate session belongs to one context. */
    private Uni<Void> forEach(List<UUID> ids, Function<UUID, Uni<Void>> work) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUni(id -> onOwnContext(() -> work.apply(id)).onFailure().invoke(f -> LOG.warnf(
                        "negotiation step for %s failed, retried when its lease ends: %s", id, f.toString()))
                        .onFailure().recoverWithNull())
                .merge(CONCURRENCY).collect().asList().replaceWithVoid();
    }

    private <T> Uni<T> onOwnContext(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(v -> Uni.createFrom().<T>deferred(work::get).subscribe().with(emitter::complete, emitter::fail));
        });
    }

    // ---- deadlines -------------------------------------------------------------------------

    /** Offers not answered in time expire (their holds lapse by themselves in capacity-service); an exhausted round cascades. */
    Uni<Void> expireOverdueOffers() {
        return Panache.withTransaction(() -> {
            Instant now = now();
            return transfers.lockWithOverdueOffers(now, BATCH).chain(ids -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (UUID id : ids) {
                    chain = chain.chain(() -> transfers.entity(id).chain(t -> expireFor(t.orElseThrow(), now)));
                }
                return chain;
            });
        });
    }

    private Uni<Void> expireFor(TransferEntity t, Instant now) {
        return offers.overdue(t.transferId, now).chain(overdue -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (OfferEntity o : overdue) {
                o.status = OfferStatus.EXPIRED.name();
                chain = chain.chain(() -> changes.tellHospital(o, OfferEventKind.EXPIRED, now));
            }
            String who = overdue.stream().map(o -> o.hospitalId).sorted().collect(Collectors.joining(", "));
            return chain.chain(() -> changes.note(t, TransferChanges.SYSTEM_ACTOR, now, "no answer before the deadline from " + who, null))
                    .chain(() -> cascadeIfExhausted(t, now));
        });
    }

    /** When no offer is live any more and nobody accepted, the next round is due now. */
    Uni<Void> cascadeIfExhausted(TransferEntity t, Instant now) {
        if (TransferStatus.valueOf(t.status) != TransferStatus.NEGOTIATING) {
            return Uni.createFrom().voidItem();
        }
        return offers.live(t.transferId).invoke(live -> {
            if (live.isEmpty()) {
                t.nextRoundAt = now;
            }
        }).replaceWithVoid();
    }

    // ---- rounds ----------------------------------------------------------------------------

    private record RoundInput(Transfer transfer, Set<HospitalId> notToAsk, Optional<HospitalId> directed, Instant lease) {
    }

    /** A claimed transfer: find candidates, then record offers to the best K - the holds are placed afterwards. */
    Uni<Void> runRound(UUID transferId) {
        return Panache.withSession(() -> transfers.entity(transferId).chain(found -> {
                    TransferEntity t = found.orElseThrow();
                    if (!TransferStatus.NEGOTIABLE.contains(TransferStatus.valueOf(t.status)) || t.nextRoundAt == null) {
                        return Uni.createFrom().nullItem();
                    }
                    return offers.notToAsk(t.transferId, t.passStartRound, t.campaign, now())
                            .map(notToAsk -> new RoundInput(TransferRepository.toDomain(t), notToAsk,
                                    Optional.ofNullable(t.directedHospitalId).map(HospitalId::new), t.nextRoundAt));
                }))
                .chain(input -> input == null ? Uni.createFrom().voidItem() : findAndOffer(input));
    }

    private Uni<Void> findAndOffer(RoundInput input) {
        return capacity.findBeds(input.transfer().origin(), input.transfer().requirements())
                .chain(found -> planOffers(input, found))
                .onFailure(CapacityClient::isUnavailable).recoverWithUni(f -> waitForCapacity(input, f));
    }

    private Uni<Void> planOffers(RoundInput input, List<Candidate> found) {
        List<Candidate> chosen = policy.choose(found, input.transfer().requirements(), input.notToAsk(), input.directed());
        Instant now = now();
        Instant holdLease = leaseEnd();
        List<OfferEntity> placing = new ArrayList<>();
        return Panache.withTransaction(() -> transfers.lock(input.transfer().id()).chain(locked -> {
            TransferEntity t = locked.orElseThrow();
            if (!stillOurs(t, input)) {
                return Uni.createFrom().voidItem();
            }
            TransferStatus before = TransferStatus.valueOf(t.status);
            if (chosen.isEmpty()) {
                return becomeUnplaced(t, before, now, input.directed().isPresent()
                        ? "the hospital it was directed to, " + input.directed().get() + ", could not take the patient"
                        : "no hospital within " + input.transfer().requirements().maxTravelMinutes()
                        + " min has a free " + input.transfer().requirements().bedCategory() + " bed and was not asked yet");
            }
            t.round++;
            t.nextRoundAt = null;
            t.waitingReason = "";
            Uni<Void> inserts = Uni.createFrom().voidItem();
            for (Candidate c : chosen) {
                OfferEntity o = new OfferEntity();
                o.offerId = UUID.randomUUID();
                o.transferId = t.transferId;
                o.hospitalId = c.hospital().value();
                o.campaign = t.campaign;
                o.round = t.round;
                o.status = OfferStatus.HOLDING.name();
                o.travelMinutes = c.travelMinutes();
                o.createdAt = now;
                o.answerText = "";
                o.holdAction = HoldAction.PLACE.name();
                // Ours until the lease ends; placed right after this commit.
                o.holdActionAt = holdLease;
                placing.add(o);
                inserts = inserts.chain(() -> offers.persist(o).replaceWithVoid());
            }
            String asked = "offered to " + chosen.stream().map(c -> c.hospital().value()).collect(Collectors.joining(", "))
                    + " (round " + t.round + ")";
            return inserts.chain(() -> before == TransferStatus.NEGOTIATING
                    ? changes.note(t, TransferChanges.SYSTEM_ACTOR, now, asked, null)
                    : changes.moveTo(t, TransferStatus.NEGOTIATING, TransferChanges.SYSTEM_ACTOR, now, asked, null));
        })).chain(() -> {
            // This round's holds are ours until the lease ends: place them now, with what is in hand.
            Map<UUID, OfferEntity> byId = new HashMap<>();
            placing.forEach(o -> byId.put(o.offerId, o));
            return forEach(List.copyOf(byId.keySet()), id -> place(new HoldWork(byId.get(id), input.transfer())));
        });
    }

    /** Nobody left to ask: wait for a bed to appear in the region, a deferral's time, or the periodic retry. */
    private Uni<Void> becomeUnplaced(TransferEntity t, TransferStatus before, Instant now, String reason) {
        return offers.nextDeferral(t.transferId, t.campaign, now).chain(deferral -> {
            Instant retry = now.plus(policy.unplacedRetry());
            t.nextRoundAt = deferral.filter(d -> d.isBefore(retry)).orElse(retry);
            // The next attempt is a new pass: hospitals that stayed silent may be asked again.
            t.passStartRound = t.round + 1;
            t.waitingReason = reason;
            return before == TransferStatus.UNPLACED
                    ? Uni.createFrom().voidItem()
                    : changes.moveTo(t, TransferStatus.UNPLACED, TransferChanges.SYSTEM_ACTOR, now, reason, null);
        });
    }

    /** capacity-service is down: the transfer stays where it is, says why, and is tried again shortly. */
    private Uni<Void> waitForCapacity(RoundInput input, Throwable failure) {
        Instant now = now();
        return Panache.withTransaction(() -> transfers.lock(input.transfer().id()).chain(locked -> {
            TransferEntity t = locked.orElseThrow();
            if (!stillOurs(t, input)) {
                return Uni.createFrom().voidItem();
            }
            t.nextRoundAt = now.plus(retryDelay);
            boolean first = !t.waitingReason.startsWith(CAPACITY_DOWN);
            if (first) {
                LOG.warnf("transfer %s waits for capacity-service: %s", t.transferId, failure.toString());
            }
            t.waitingReason = CAPACITY_DOWN + " (" + failure.getMessage() + "); retrying";
            if (t.waitingReason.length() > 300) {
                t.waitingReason = t.waitingReason.substring(0, 300);
            }
            return first ? changes.note(t, TransferChanges.SYSTEM_ACTOR, now, CAPACITY_DOWN + ": waiting", null)
                    : Uni.createFrom().voidItem();
        }));
    }

    static final String CAPACITY_DOWN = "capacity-service unavailable";

    /** The claim still stands: nobody cancelled, re-opened or redirected the transfer meanwhile. */
    private static boolean stillOurs(TransferEntity t, RoundInput input) {
        return TransferStatus.NEGOTIABLE.contains(TransferStatus.valueOf(t.status))
                && t.nextRoundAt != null && t.nextRoundAt.equals(input.lease());
    }

    // ---- hold work ---------------------------------------------------------------------------

    private record HoldWork(OfferEntity offer, Transfer transfer) {
    }

    /** Carries out what an offer owes capacity-service, then records that it is done. */
    Uni<Void> runHoldWork(UUID offerId) {
        return Panache.withSession(() -> offers.findById(offerId).chain(o -> o == null || o.holdAction == null
                        ? Uni.createFrom().<HoldWork>nullItem()
                        : transfers.entity(o.transferId).map(t -> new HoldWork(o, TransferRepository.toDomain(t.orElseThrow())))))
                .chain(work -> work == null ? Uni.createFrom().voidItem() : switch (HoldAction.valueOf(work.offer().holdAction)) {
                    case PLACE -> place(work);
                    case RELEASE -> settle(work, capacity.releaseHold(work.offer().holdId));
                    case EXTEND -> settle(work, capacity.extendHold(work.offer().holdId, work.offer().holdExpiresAt));
                    case CONSUME -> settle(work, capacity.consumeHold(work.offer().holdId));
                });
    }

    private Uni<Void> place(HoldWork work) {
        OfferEntity o = work.offer();
        Instant deadline = now().plus(policy.answerDeadline().get(work.transfer().requirements().acuity()))
                .truncatedTo(ChronoUnit.MILLIS);
        return capacity.placeHold(new HospitalId(o.hospitalId), work.transfer().requirements(), o.transferId, o.offerId, deadline)
                .chain(ticket -> opened(o.transferId, o.offerId, ticket))
                .onFailure(HoldRefusedException.class).recoverWithUni(f -> skipped(o.transferId, o.offerId, f.getMessage()))
                .onFailure(CapacityClient::isUnavailable).recoverWithUni(f -> retryLater(o.transferId, o.offerId));
    }

    /** The bed is held: the offer opens with the hold's expiry as its deadline, unless it was withdrawn meanwhile. */
    private Uni<Void> opened(UUID transferId, UUID offerId, BedHoldTicket ticket) {
        Instant now = now();
        AtomicBoolean releaseOwed = new AtomicBoolean();
        // The transfer's lock first, then the offer: read after the lock, it is the committed one.
        // Lost in a crash, the opening is redone: the offer is still HOLDING and its hold, placed
        // again with the same key, is adopted - so this commit need not wait for the disk.
        return Panache.withTransaction(() -> transfers.commitWithoutWaitingForTheDisk().chain(() -> transfers.lock(transferId))
                .chain(t -> offers.findById(offerId).chain(current -> {
                if (!HoldAction.PLACE.name().equals(current.holdAction)) {
                    return Uni.createFrom().voidItem();
                }
                current.holdId = ticket.holdId();
                if (OfferStatus.valueOf(current.status) != OfferStatus.HOLDING) {
                    TransferChanges.oweHoldWork(current, HoldAction.RELEASE, now);
                    releaseOwed.set(true);
                    return Uni.createFrom().voidItem();
                }
                current.status = OfferStatus.OPEN.name();
                current.deadline = ticket.expiresAt();
                current.offeredAt = now;
                current.holdAction = null;
                current.holdActionAt = null;
                return changes.tellHospital(current, OfferEventKind.OFFERED, now);
        }))).invoke(() -> {
            if (releaseOwed.get()) {
                wake();
            }
        });
    }

    /** No bed could be held there: the offer is dropped unseen and the round moves on if it was the last one. */
    private Uni<Void> skipped(UUID transferId, UUID offerId, String why) {
        Instant now = now();
        return Panache.withTransaction(() -> transfers.lock(transferId).chain(locked -> offers.findById(offerId).chain(o -> {
            TransferEntity t = locked.orElseThrow();
                if (!HoldAction.PLACE.name().equals(o.holdAction)) {
                    return Uni.createFrom().voidItem();
                }
                o.holdAction = null;
                o.holdActionAt = null;
                if (OfferStatus.valueOf(o.status) == OfferStatus.HOLDING) {
                    o.status = OfferStatus.SKIPPED.name();
                    o.answerText = truncate("no bed held: " + why, 300);
                }
                return changes.note(t, TransferChanges.SYSTEM_ACTOR, now, "no bed could be held at " + o.hospitalId
                        + ": " + truncate(why, 200), null).chain(() -> cascadeIfExhausted(t, now));
        }))).invoke(this::wake);
    }

    /** Like every change of an offer, under its transfer's lock: a decision may have changed the work owed meanwhile. */
    private Uni<Void> retryLater(UUID transferId, UUID offerId) {
        Instant at = now().plus(retryDelay);
        return Panache.withTransaction(() -> transfers.lock(transferId).chain(t -> offers.findById(offerId))
                .invoke(o -> o.holdActionAt = at)).replaceWithVoid();
    }

    /** Release, extend or consume: done, or refused because there is nothing left to do; a fault retries later. */
    private Uni<Void> settle(HoldWork work, Uni<Void> call) {
        UUID offerId = work.offer().offerId;
        UUID transferId = work.offer().transferId;
        String action = work.offer().holdAction;
        // Recorded under the transfer's lock, on the offer as committed: an arrival may have
        // replaced the extension owed by a consumption meanwhile, which must not be lost.
        return call.replaceWith(Optional.<String>empty())
                .onFailure(HoldRefusedException.class).recoverWithItem(f -> Optional.of(f.getMessage()))
                .chain(refusal -> Panache.withTransaction(() -> transfers.lock(transferId).chain(t -> offers.findById(offerId)).chain(o -> {
                    if (!action.equals(o.holdAction)) {
                        return Uni.createFrom().voidItem();
                    }
                    o.holdAction = null;
                    o.holdActionAt = null;
                    if (refusal.isPresent() && HoldAction.EXTEND.name().equals(action)) {
                        // The hold lapsed before it could be kept for the journey: say so, the bed is no longer reserved.
                        return transfers.entity(o.transferId).chain(t -> changes.note(t.orElseThrow(),
                                TransferChanges.SYSTEM_ACTOR, now(), "the bed hold at " + o.hospitalId
                                        + " could not be kept until arrival: " + truncate(refusal.get(), 200), null));
                    }
                    return Uni.createFrom().voidItem();
                })))
                .onFailure(CapacityClient::isUnavailable).recoverWithUni(f -> retryLater(transferId, offerId));
    }

    private static String truncate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Instant leaseEnd() {
        return now().plus(lease);
    }
}
