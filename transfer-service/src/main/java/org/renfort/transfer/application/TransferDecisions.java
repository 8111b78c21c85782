package org.renfort.transfer.application;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.Caller;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.NotFoundException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.Role;
import org.renfort.servicekit.Coalescer;
import org.renfort.servicekit.audit.AuditTrail;
import org.renfort.transfer.client.HospitalDirectory;
import org.renfort.transfer.domain.AnsweredOffer;
import org.renfort.transfer.domain.NegotiationPolicy;
import org.renfort.transfer.domain.Offer;
import org.renfort.transfer.domain.OfferAnswer;
import org.renfort.transfer.domain.Outcome;
import org.renfort.transfer.domain.Transfer;
import org.renfort.transfer.domain.TransferAccess;
import org.renfort.transfer.domain.TransferDetails;
import org.renfort.transfer.domain.TransportStep;
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Decisions people take on a transfer: answering an offer, cancelling, re-opening, directing,
 * and the transport steps. Each locks and loads the {@link Transfer}, calls one of its moves and
 * saves it with the move's outcome, so two decisions on one transfer are serialised (two
 * hospitals accepting at the same instant: the second finds its offer withdrawn). The history
 * entry keeps the call's idempotency key: a resend returns the current state and changes
 * nothing. The negotiation is woken once the decision has committed.
 */
@ApplicationScoped
public class TransferDecisions {
    static final String RESPOND = "RespondToOffer";
    static final String CANCEL = "CancelTransfer";
    static final String REOPEN = "ReopenTransfer";
    static final String DIRECT = "DirectTransfer";
    static final String TRANSPORT = "UpdateTransport";
    static final int MAX_REASON = 300;
    /** Answers decided together: at most this many transactions at once, each of at most MAX_ANSWERS. */
    static final int ANSWERS_IN_FLIGHT = 2;
    static final int MAX_ANSWERS = 100;

    private final TransferRepository transfers;
    private final NegotiationScheduler negotiation;
    private final HospitalDirectory directory;
    private final AuditTrail audit;
    private final NegotiationPolicy policy;
    private final Clock clock;
    private final WorkContexts contexts;
    private final Coalescer<Answer, AnsweredOffer> answers = new Coalescer<>(ANSWERS_IN_FLIGHT, MAX_ANSWERS, this::answerTogether);

    TransferDecisions(TransferRepository transfers, NegotiationScheduler negotiation,
                      HospitalDirectory directory, AuditTrail audit, NegotiationPolicy policy, Clock clock, WorkContexts contexts) {
        this.transfers = transfers;
        this.negotiation = negotiation;
        this.directory = directory;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
        this.contexts = contexts;
    }

    // ---- answers ---------------------------------------------------------------------------

    public Uni<AnsweredOffer> respond(Caller caller, UUID offerId, OfferAnswer answer, IdempotencyKey key) {
        return answers.submit(new Answer(caller, offerId, answer, key));
    }

    private record Answer(Caller caller, UUID offerId, OfferAnswer answer, IdempotencyKey key) {
        TransferRepository.Call call() {
            return new TransferRepository.Call(caller.subject(), key.value());
        }
    }

    /** An answer refused by who may answer: audited on its own connection, then failed. */
    private record Refusal(Answer answer, Offer offer, PermissionDeniedException denied) {
    }

    /**
     * Answers that arrive together are decided in one transaction: the transfers of their offers
     * locked and loaded (two statements), their earlier calls looked up (one), every answer made in
     * arrival order (two on one transfer: the second finds what the first did), saved and audited
     * together. Each caller hears of its own answer only. When the transaction itself fails (a
     * resend racing its original on another instance), each answer is decided again alone.
     */
    private Uni<List<Coalescer.Outcome<AnsweredOffer>>> answerTogether(List<Answer> batch) {
        Uni<List<Coalescer.Outcome<AnsweredOffer>>> together = decided(batch);
        return (batch.size() == 1 ? together : together.onFailure().recoverWithUni(() -> Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(alone -> decided(List.of(alone)).map(outcomes -> outcomes.get(0))
                        .onFailure().recoverWithItem(Coalescer.Outcome::<AnsweredOffer>failed))
                .collect().asList()))
                .invoke(negotiation::wake);
    }

    private Uni<List<Coalescer.Outcome<AnsweredOffer>>> decided(List<Answer> batch) {
        Object[] results = new Object[batch.size()];
        return contexts.onOwnContext(() -> Panache.withTransaction(() -> decide(batch, results)))
                .chain(() -> {
                    // Refusals are in the audit trail before they are answered; the answers committed.
                    Uni<Void> audited = Uni.createFrom().voidItem();
                    for (Object r : results) {
                        if (r instanceof Refusal refusal) {
                            audited = audited.chain(() -> audit.denied(refusal.answer().caller(), RESPOND,
                                    refusal.answer().offerId().toString(), Optional.of(refusal.offer().hospital()),
                                    refusal.denied().getMessage()));
                        }
                    }
                    return audited;
                })
                .map(v -> {
                    List<Coalescer.Outcome<AnsweredOffer>> outcomes = new ArrayList<>();
                    for (Object r : results) {
                        outcomes.add(r instanceof AnsweredOffer answered ? Coalescer.Outcome.of(answered)
                                : r instanceof Refusal refusal ? Coalescer.Outcome.failed(refusal.denied())
                                : Coalescer.Outcome.failed((Throwable) r));
                    }
                    return outcomes;
                });
    }

    /**
     * Fills each answer's result: an {@link AnsweredOffer}, a {@link Refusal} or the failure of
     * that answer alone. Who may answer is decided on the offers as committed under the locks.
     */
    private Uni<Void> decide(List<Answer> batch, Object[] results) {
        return transfers.lockAllOfOffers(batch.stream().map(Answer::offerId).toList()).chain(locked -> {
            Map<UUID, Transfer> byId = locked.stream().collect(Collectors.toMap(Transfer::id, t -> t));
            Map<UUID, Offer> offerById = new HashMap<>();
            locked.forEach(t -> t.offers().forEach(o -> offerById.put(o.id(), o)));
            List<Integer> allowed = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Answer a = batch.get(i);
                Offer offer = offerById.get(a.offerId());
                if (offer == null) {
                    results[i] = new NotFoundException("offer " + a.offerId() + " not found");
                    continue;
                }
                try {
                    TransferAccess.checkMayAnswer(a.caller(), offer);
                    allowed.add(i);
                } catch (PermissionDeniedException denied) {
                    results[i] = new Refusal(a, offer, denied);
                }
            }
            if (allowed.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            // Earlier calls are looked up under the locks: a resend racing its original finds it committed.
            return transfers.transfersOfCalls(allowed.stream().map(i -> batch.get(i).call()).toList())
                    .chain(previous -> {
                        Map<TransferRepository.Call, UUID> callsHere = new HashMap<>();
                        List<TransferRepository.Change> changes = new ArrayList<>();
                        List<Integer> replayed = new ArrayList<>();
                        List<AuditTrail.Allowed> audited = new ArrayList<>();
                        for (int i : allowed) {
                            Answer a = batch.get(i);
                            UUID transferId = offerById.get(a.offerId()).transferId();
                            UUID earlier = previous.getOrDefault(a.call(), callsHere.get(a.call()));
                            if (earlier != null) {
                                if (earlier.equals(transferId)) {
                                    replayed.add(i); // answered once the batch's moves are made
                                } else {
                                    results[i] = new InvalidArgumentException("idempotency_key",
                                            "was already used for another call (transfer " + earlier + ")");
                                }
                                continue;
                            }
                            Transfer t = byId.get(transferId);
                            try {
                                Outcome outcome = t.answer(a.offerId(), a.answer(), a.caller().subject(),
                                        a.caller().has(Role.COORDINATOR) && !a.caller().isHospitalPrincipal(), now(),
                                        policy.holdUntilArrival());
                                changes.add(new TransferRepository.Change(t, outcome, a.key().value()));
                                callsHere.put(a.call(), transferId);
                                Offer answered = t.offer(a.offerId());
                                results[i] = new AnsweredOffer(answered, visibleTo(a.caller(), t.details()));
                                audited.add(new AuditTrail.Allowed(a.caller(), RESPOND, a.offerId().toString(),
                                        Optional.of(answered.hospital()), answered.status() + " transfer " + t.id()));
                            } catch (RuntimeException refused) {
                                // The move checks before it changes anything: the transfer is as it was.
                                results[i] = refused;
                            }
                        }
                        for (int i : replayed) {
                            Answer a = batch.get(i);
                            Transfer t = byId.get(offerById.get(a.offerId()).transferId());
                            results[i] = new AnsweredOffer(t.offer(a.offerId()), visibleTo(a.caller(), t.details()));
                        }
                        return changes.isEmpty() ? Uni.createFrom().voidItem()
                                : transfers.saveAll(changes).chain(() -> audit.allowedAll(audited));
                    });
        });
    }

    // ---- cancel, re-open, direct -------------------------------------------------------------

    public Uni<TransferDetails> cancel(Caller caller, UUID transferId, String reason, IdempotencyKey key) {
        String why = requiredReason(reason);
        return decide(caller, CANCEL, transferId, key, t -> TransferAccess.checkMayCancel(caller, t.details()),
                (t, now) -> t.cancel(caller.subject(), now, why));
    }

    public Uni<TransferDetails> reopen(Caller caller, UUID transferId, String reason, IdempotencyKey key) {
        String why = requiredReason(reason);
        return decide(caller, REOPEN, transferId, key, t -> coordinatorOnly(caller, "re-open"),
                (t, now) -> t.reopen(caller.subject(), now, why));
    }

    public Uni<TransferDetails> direct(Caller caller, UUID transferId, HospitalId hospital, String reason, IdempotencyKey key) {
        String why = requiredReason(reason);
        return directory.unknownAmong(List.of(hospital)).flatMap(unknown -> unknown.isEmpty()
                ? decide(caller, DIRECT, transferId, key, t -> coordinatorOnly(caller, "direct"),
                (t, now) -> t.direct(hospital, caller.subject(), now, why))
                : Uni.createFrom().failure(new NotFoundException("hospital_id: hospital " + hospital + " is not registered")));
    }

    // ---- transport ---------------------------------------------------------------------------

    public Uni<TransferDetails> updateTransport(Caller caller, UUID transferId, TransportStep step, IdempotencyKey key) {
        return decide(caller, TRANSPORT, transferId, key,
                t -> TransferAccess.checkMayUpdateTransport(caller, t.details(), step),
                (t, now) -> t.transport(step, caller.subject(), now));
    }

    // ---- common ------------------------------------------------------------------------------

    /**
     * Lock and load, check who may, replay a resent call, make the move, save, audit; wake the
     * negotiation after commit. The access check runs on the locked transfer, and a refusal is audited.
     */
    private Uni<TransferDetails> decide(Caller caller, String action, UUID transferId, IdempotencyKey key,
                                        Consumer<Transfer> access, BiFunction<Transfer, Instant, Outcome> move) {
        // The earlier call is looked up under the lock: a resend racing its original finds it committed.
        return Panache.withTransaction(() -> transfers.lock(transferId).chain(locked -> transfers.transferOfCall(caller.subject(), key.value())
                .chain(previous -> {
                    if (previous.isPresent() && !previous.get().equals(transferId)) {
                        return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key",
                                "was already used for another call (transfer " + previous.get() + ")"));
                    }
                    Transfer t = locked.orElseThrow(() -> new NotFoundException("transfer " + transferId + " not found"));
                    Optional<HospitalId> origin = t.details().originHospital();
                    try {
                        access.accept(t);
                    } catch (PermissionDeniedException denied) {
                        return audit.refuse(caller, action, transferId.toString(), origin, denied);
                    }
                    if (previous.isPresent()) {
                        return Uni.createFrom().item(visibleTo(caller, t.details()));
                    }
                    Outcome outcome = move.apply(t, now());
                    return transfers.save(t, outcome, key.value())
                            .chain(() -> audit.allowed(caller, action, transferId.toString(), origin, t.status().name()))
                            .map(v -> visibleTo(caller, t.details()));
                }))).invoke(negotiation::wake);
    }

    private static void coordinatorOnly(Caller caller, String verb) {
        if (!caller.has(Role.COORDINATOR)) {
            throw new PermissionDeniedException("only coordinators " + verb + " transfers");
        }
    }

    private static String requiredReason(String reason) {
        String r = reason == null ? "" : reason.strip();
        if (r.isEmpty()) {
            throw new InvalidArgumentException("reason", "is required (it is kept in the transfer's history)");
        }
        if (r.length() > MAX_REASON) {
            throw new InvalidArgumentException("reason", "must be at most " + MAX_REASON + " characters (got " + r.length() + ")");
        }
        return r;
    }

    static TransferDetails visibleTo(Caller caller, TransferDetails transfer) {
        return TransferAccess.mayReadNote(caller, transfer) ? transfer : transfer.withoutNote();
    }

    private Instant now() {
        return clock.instant();
    }
}
