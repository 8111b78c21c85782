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
import org.renfort.transfer.config.NegotiationConfig;
import org.renfort.transfer.domain.AnsweredOffer;
import org.renfort.transfer.domain.HoldAction;
import org.renfort.transfer.domain.Offer;
import org.renfort.transfer.domain.OfferAnswer;
import org.renfort.transfer.domain.OfferEventKind;
import org.renfort.transfer.domain.OfferStatus;
import org.renfort.transfer.domain.Transfer;
import org.renfort.transfer.domain.TransferAccess;
import org.renfort.transfer.domain.TransferStatus;
import org.renfort.transfer.domain.TransportStep;
import org.renfort.transfer.persistence.OfferEntity;
import org.renfort.transfer.persistence.OfferRepository;
import org.renfort.transfer.persistence.TransferEntity;
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Decisions people take on a transfer: answering an offer, cancelling, re-opening, directing,
 * and the transport steps. Each takes the transfer's lock, so two decisions on one transfer are
 * serialised (two hospitals accepting at the same instant: the second finds its offer withdrawn),
 * writes its history entry with the call's idempotency key (a resend returns the current state
 * and changes nothing), and wakes the negotiator once committed.
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
    private final TransferChanges changes;
    private final Negotiator negotiator;
    private final HospitalDirectory directory;
    private final AuditTrail audit;
    private final Duration holdUntilArrival;
    private final Clock clock;

    TransferDecisions(TransferRepository transfers, OfferRepository offers, TransferChanges changes, Negotiator negotiator,
                      HospitalDirectory directory, AuditTrail audit, NegotiationConfig config, Clock clock) {
        this.directory = directory;
        this.transfers = transfers;
        this.offers = offers;
        this.changes = changes;
        this.negotiator = negotiator;
        this.audit = audit;
        this.holdUntilArrival = config.holdUntilArrival();
        this.clock = clock;
    }

    // ---- answers ---------------------------------------------------------------------------

    public Uni<AnsweredOffer> respond(Caller caller, UUID offerId, OfferAnswer answer, IdempotencyKey key) {
        // Who may answer and whether this is a resend are settled first; the answer itself is
        // decided under the transfer's lock, on the offer as committed by then.
        return Panache.withSession(() -> offers.findById(offerId)).chain(found -> {
            if (found == null) {
                return Uni.createFrom().failure(new NotFoundException("offer " + offerId + " not found"));
            }
            Offer offer = OfferRepository.toDomain(found);
            try {
                TransferAccess.checkMayAnswer(caller, offer);
            } catch (PermissionDeniedException denied) {
                return audit.refuse(caller, RESPOND, offerId.toString(), Optional.of(offer.hospital()), denied);
            }
            return Panache.withTransaction(() -> transfers.transferOfCall(caller.subject(), key.value()).chain(previous -> {
                if (previous.isPresent()) {
                    return offers.findById(offerId).chain(current -> resentAnswer(caller, current, previous.get()));
                }
                return transfers.lock(found.transferId).chain(locked -> offers.findById(offerId)
                        .chain(current -> answer(caller, locked.orElseThrow(), current, answer, key)));
            }));
        }).invoke(negotiator::wake);
    }

    private Uni<AnsweredOffer> resentAnswer(Caller caller, OfferEntity offer, UUID transferOfKey) {
        if (!transferOfKey.equals(offer.transferId)) {
            return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key",
                    "was already used for another call (transfer " + transferOfKey + ")"));
        }
        return transfers.entity(offer.transferId).map(t -> new AnsweredOffer(OfferRepository.toDomain(offer),
                visibleTo(caller, TransferRepository.toDomain(t.orElseThrow()))));
    }

    private Uni<AnsweredOffer> answer(Caller caller, TransferEntity t, OfferEntity o, OfferAnswer answer, IdempotencyKey key) {
        Instant now = now();
        OfferRepository.toDomain(o).checkAnswerable(now);
        String who = o.hospitalId + (caller.has(Role.COORDINATOR) && !caller.isHospitalPrincipal() ? " (answered by a coordinator)" : "");
        o.answeredAt = now;
        o.answeredBy = caller.subject();
        Uni<Void> decided;
        if (answer instanceof OfferAnswer.Accept) {
            o.status = OfferStatus.ACCEPTED.name();
            o.holdExpiresAt = now.plus(holdUntilArrival);
            TransferChanges.oweHoldWork(o, HoldAction.EXTEND, now);
            t.destinationHospitalId = o.hospitalId;
            t.nextRoundAt = null;
            t.waitingReason = "";
            decided = changes.withdrawLive(t, Optional.of(o), now)
                    .chain(() -> changes.tellHospital(o, OfferEventKind.ACCEPTED, now))
                    .chain(() -> changes.moveTo(t, TransferStatus.ACCEPTED, caller.subject(), now,
                            "accepted by " + who + "; transport requested", key.value()));
        } else if (answer instanceof OfferAnswer.Decline decline) {
            o.status = OfferStatus.DECLINED.name();
            o.declineReason = decline.reason().name();
            o.answerText = decline.text();
            TransferChanges.oweHoldWork(o, HoldAction.RELEASE, now);
            decided = changes.tellHospital(o, OfferEventKind.DECLINED, now)
                    .chain(() -> changes.note(t, caller.subject(), now, "declined by " + who + ": " + decline.reason(), key.value()))
                    .chain(() -> negotiator.cascadeIfExhausted(t, now));
        } else {
            OfferAnswer.Defer defer = (OfferAnswer.Defer) answer;
            defer.checkAt(now);
            o.status = OfferStatus.DEFERRED.name();
            o.availableFrom = defer.availableFrom();
            o.answerText = defer.text();
            TransferChanges.oweHoldWork(o, HoldAction.RELEASE, now);
            decided = changes.tellHospital(o, OfferEventKind.DEFERRED, now)
                    .chain(() -> changes.note(t, caller.subject(), now, "deferred by " + who + " until " + defer.availableFrom(),
                            key.value()))
                    .chain(() -> negotiator.cascadeIfExhausted(t, now));
        }
        return decided.chain(() -> audit.allowed(caller, RESPOND, o.offerId.toString(), Optional.of(new HospitalId(o.hospitalId)),
                        o.status + " transfer " + t.transferId))
                .map(v -> new AnsweredOffer(OfferRepository.toDomain(o), visibleTo(caller, TransferRepository.toDomain(t))));
    }

    // ---- cancel, re-open, direct -------------------------------------------------------------

    public Uni<Transfer> cancel(Caller caller, UUID transferId, String reason, IdempotencyKey key) {
        String why = requiredReason(reason);
        return decide(caller, CANCEL, transferId, key, t -> TransferAccess.checkMayCancel(caller, TransferRepository.toDomain(t)),
                (t, now) -> {
            TransferStatus.valueOf(t.status).require("cancel", TransferStatus.CANCELLABLE);
            t.nextRoundAt = null;
            t.waitingReason = "";
            return changes.withdrawLive(t, Optional.empty(), now)
                    .chain(() -> changes.releaseAccepted(t, now, OfferEventKind.WITHDRAWN))
                    .chain(() -> changes.moveTo(t, TransferStatus.CANCELLED, caller.subject(), now, "cancelled: " + why, key.value()));
        });
    }

    public Uni<Transfer> reopen(Caller caller, UUID transferId, String reason, IdempotencyKey key) {
        String why = requiredReason(reason);
        return decide(caller, REOPEN, transferId, key, t -> coordinatorOnly(caller, "re-open"),
                (t, now) -> startOver(caller, t, Optional.empty(), now, "re-opened: " + why, key));
    }

    public Uni<Transfer> direct(Caller caller, UUID transferId, HospitalId hospital, String reason, IdempotencyKey key) {
        String why = requiredReason(reason);
        return directory.unknownAmong(List.of(hospital)).flatMap(unknown -> unknown.isEmpty()
                ? directRegistered(caller, transferId, hospital, why, key)
                : Uni.createFrom().failure(new NotFoundException("hospital_id: hospital " + hospital + " is not registered")));
    }

    private Uni<Transfer> directRegistered(Caller caller, UUID transferId, HospitalId hospital, String why, IdempotencyKey key) {
        return decide(caller, DIRECT, transferId, key, t -> coordinatorOnly(caller, "direct"), (t, now) -> {
            if (t.originHospitalId != null && t.originHospitalId.equals(hospital.value())) {
                throw new InvalidArgumentException("hospital_id", "is the origin of the transfer");
            }
            return startOver(caller, t, Optional.of(hospital), now, "directed to " + hospital + ": " + why, key);
        });
    }

    /** A new campaign: live and accepted offers withdrawn, declines forgotten, a round due now. */
    private Uni<Void> startOver(Caller caller, TransferEntity t, Optional<HospitalId> directed, Instant now, String reason,
                                IdempotencyKey key) {
        TransferStatus.valueOf(t.status).require(directed.isPresent() ? "direct" : "re-open", TransferStatus.REOPENABLE);
        t.campaign++;
        t.passStartRound = t.round + 1;
        t.directedHospitalId = directed.map(HospitalId::value).orElse(null);
        t.destinationHospitalId = null;
        t.crewType = null;
        t.callSign = null;
        t.estimatedArrival = null;
        t.transportAssignedBy = null;
        t.nextRoundAt = now;
        t.waitingReason = "";
        return changes.withdrawLive(t, Optional.empty(), now)
                .chain(() -> changes.releaseAccepted(t, now, OfferEventKind.WITHDRAWN))
                .chain(() -> changes.moveTo(t, TransferStatus.NEGOTIATING, caller.subject(), now, reason, key.value()));
    }

    // ---- transport ---------------------------------------------------------------------------

    public Uni<Transfer> updateTransport(Caller caller, UUID transferId, TransportStep step, IdempotencyKey key) {
        return decide(caller, TRANSPORT, transferId, key,
                t -> TransferAccess.checkMayUpdateTransport(caller, TransferRepository.toDomain(t), step), (t, now) -> {
            TransferStatus.valueOf(t.status).require(step.action(), step.from());
            String reason;
            if (step instanceof TransportStep.AssignCrew assign) {
                t.crewType = assign.transport().crewType().name();
                t.callSign = assign.transport().callSign();
                t.estimatedArrival = assign.transport().estimatedArrival().orElse(null);
                t.transportAssignedBy = caller.subject();
                reason = assign.transport().crewType() + " " + assign.transport().callSign() + " assigned";
            } else if (step instanceof TransportStep.Arrived) {
                reason = "arrived at " + t.destinationHospitalId;
            } else {
                reason = step.target().name().toLowerCase().replace('_', ' ');
            }
            Uni<Void> holdWork = step instanceof TransportStep.Arrived
                    ? offers.find("transferId = ?1 and status = ?2", t.transferId, OfferStatus.ACCEPTED.name()).firstResult()
                    .invoke(accepted -> {
                        if (accepted != null && accepted.holdId != null) {
                            TransferChanges.oweHoldWork(accepted, HoldAction.CONSUME, now);
                        }
                    }).replaceWithVoid()
                    : Uni.createFrom().voidItem();
            return holdWork.chain(() -> changes.moveTo(t, step.target(), caller.subject(), now, reason, key.value()));
        });
    }

    // ---- common ------------------------------------------------------------------------------

    private interface Decision {
        Uni<Void> apply(TransferEntity locked, Instant now);
    }

    /**
     * Lock, check who may, replay a resent call, apply, audit; wake the negotiator after commit.
     * The access check runs on the locked row, and a refusal is audited.
     */
    private Uni<Transfer> decide(Caller caller, String action, UUID transferId, IdempotencyKey key,
                                 Consumer<TransferEntity> access, Decision decision) {
        return Panache.withTransaction(() -> transfers.transferOfCall(caller.subject(), key.value()).chain(previous -> {
            if (previous.isPresent() && !previous.get().equals(transferId)) {
                return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key",
                        "was already used for another call (transfer " + previous.get() + ")"));
            }
            return transfers.lock(transferId).chain(locked -> {
                TransferEntity t = locked.orElseThrow(() -> new NotFoundException("transfer " + transferId + " not found"));
                try {
                    access.accept(t);
                } catch (PermissionDeniedException denied) {
                    return audit.refuse(caller, action, transferId.toString(),
                            Optional.ofNullable(t.originHospitalId).map(HospitalId::new), denied);
                }
                if (previous.isPresent()) {
                    return Uni.createFrom().item(visibleTo(caller, TransferRepository.toDomain(t)));
                }
                Instant now = now();
                return decision.apply(t, now)
                        .chain(() -> audit.allowed(caller, action, transferId.toString(),
                                Optional.ofNullable(t.originHospitalId).map(HospitalId::new), t.status))
                        .map(v -> visibleTo(caller, TransferRepository.toDomain(t)));
            });
        })).invoke(negotiator::wake);
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

    static Transfer visibleTo(Caller caller, Transfer transfer) {
        return TransferAccess.mayReadNote(caller, transfer) ? transfer : transfer.withoutNote();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
