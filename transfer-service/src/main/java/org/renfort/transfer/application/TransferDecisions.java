package org.renfort.transfer.application;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.Caller;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.NotFoundException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.Role;
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
import org.renfort.transfer.persistence.OfferRepository;
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;

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

    private final TransferRepository transfers;
    private final OfferRepository offers;
    private final NegotiationScheduler negotiation;
    private final HospitalDirectory directory;
    private final AuditTrail audit;
    private final NegotiationPolicy policy;
    private final Clock clock;

    TransferDecisions(TransferRepository transfers, OfferRepository offers, NegotiationScheduler negotiation,
                      HospitalDirectory directory, AuditTrail audit, NegotiationPolicy policy, Clock clock) {
        this.transfers = transfers;
        this.offers = offers;
        this.negotiation = negotiation;
        this.directory = directory;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    // ---- answers ---------------------------------------------------------------------------

    public Uni<AnsweredOffer> respond(Caller caller, UUID offerId, OfferAnswer answer, IdempotencyKey key) {
        // Who may answer is settled on the offer as read; the answer itself is decided under the
        // transfer's lock, on the offer as committed by then.
        return Panache.withSession(() -> offers.find(offerId)).chain(found -> {
            Offer offer = found.orElseThrow(() -> new NotFoundException("offer " + offerId + " not found"));
            try {
                TransferAccess.checkMayAnswer(caller, offer);
            } catch (PermissionDeniedException denied) {
                return audit.refuse(caller, RESPOND, offerId.toString(), Optional.of(offer.hospital()), denied);
            }
            return Panache.withTransaction(() -> transfers.transferOfCall(caller.subject(), key.value()).chain(previous -> {
                if (previous.isPresent() && !previous.get().equals(offer.transferId())) {
                    return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key",
                            "was already used for another call (transfer " + previous.get() + ")"));
                }
                return transfers.lock(offer.transferId()).chain(locked -> {
                    Transfer t = locked.orElseThrow();
                    if (previous.isPresent()) {
                        return Uni.createFrom().item(new AnsweredOffer(t.offer(offerId), visibleTo(caller, t.details())));
                    }
                    Outcome outcome = t.answer(offerId, answer, caller.subject(),
                            caller.has(Role.COORDINATOR) && !caller.isHospitalPrincipal(), now(), policy.holdUntilArrival());
                    Offer answered = t.offer(offerId);
                    return transfers.save(t, outcome, key.value())
                            .chain(() -> audit.allowed(caller, RESPOND, offerId.toString(), Optional.of(answered.hospital()),
                                    answered.status() + " transfer " + t.id()))
                            .map(v -> new AnsweredOffer(answered, visibleTo(caller, t.details())));
                });
            }));
        }).invoke(negotiation::wake);
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
        return Panache.withTransaction(() -> transfers.transferOfCall(caller.subject(), key.value()).chain(previous -> {
            if (previous.isPresent() && !previous.get().equals(transferId)) {
                return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key",
                        "was already used for another call (transfer " + previous.get() + ")"));
            }
            return transfers.lock(transferId).chain(locked -> {
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
            });
        })).invoke(negotiation::wake);
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
