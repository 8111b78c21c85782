package org.renfort.transfer.domain;

import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A transfer offered to one hospital, with a bed held there while it decides. Immutable: each
 * change is a method returning the changed offer, called by {@link Transfer} only, which owns
 * its offers. {@code holdWork} is what the offer still owes capacity-service for its bed hold.
 */
public record Offer(UUID id, UUID transferId, HospitalId hospital, int campaign, int round, OfferStatus status,
                    int travelMinutes, Instant createdAt, Optional<UUID> holdId, Optional<Instant> deadline,
                    Optional<Instant> offeredAt, Optional<Instant> answeredAt, Optional<String> answeredBy,
                    Optional<DeclineReason> declineReason, String answerText, Optional<Instant> availableFrom,
                    Optional<HoldWork> holdWork, Optional<Instant> holdExpiresAt) {

    /** Work owed on the bed hold, due at a time (pushed ahead while an instance holds it under lease). */
    public record HoldWork(HoldAction action, Instant due) {
    }

    /** A new offer: its hold is to be placed, by the instance that made it until {@code placeBy}. */
    static Offer made(UUID transferId, Candidate to, int campaign, int round, Instant now, Instant placeBy) {
        return new Offer(UUID.randomUUID(), transferId, to.hospital(), campaign, round, OfferStatus.HOLDING,
                to.travelMinutes(), now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "", Optional.empty(),
                Optional.of(new HoldWork(HoldAction.PLACE, placeBy)), Optional.empty());
    }

    /** Only an open offer before its deadline can be answered; the refusal says why not. */
    public void checkAnswerable(Instant now) {
        switch (status) {
            case OPEN -> {
                if (isOverdue(now)) {
                    throw new FailedPreconditionException("offer " + id + " expired at " + deadline.get()
                            + ": it can no longer be answered");
                }
            }
            case HOLDING -> throw new FailedPreconditionException("offer " + id + " is not open yet");
            case WITHDRAWN -> throw new FailedPreconditionException("offer " + id
                    + " was withdrawn (another hospital accepted, or the transfer was cancelled or redirected)");
            case EXPIRED -> throw new FailedPreconditionException("offer " + id + " expired"
                    + deadline.map(d -> " at " + d).orElse("") + ": it can no longer be answered");
            default -> throw new FailedPreconditionException("offer " + id + " was already answered: " + status);
        }
    }

    /** The deadline rule: an open offer is overdue from its deadline on (the hold expires then too). */
    public boolean isOverdue(Instant now) {
        return status == OfferStatus.OPEN && deadline.isPresent() && !deadline.get().isAfter(now);
    }

    public boolean owes(HoldAction action) {
        return holdWork.isPresent() && holdWork.get().action() == action;
    }

    // ---- changes, for Transfer --------------------------------------------------------------------

    Offer opened(UUID hold, Instant answerBy, Instant now) {
        return new Offer(id, transferId, hospital, campaign, round, OfferStatus.OPEN, travelMinutes, createdAt,
                Optional.of(hold), Optional.of(answerBy), Optional.of(now), answeredAt, answeredBy, declineReason, answerText,
                availableFrom, Optional.empty(), holdExpiresAt);
    }

    /** The hold was placed after the offer stopped being live: it is owed back at once. */
    Offer heldTooLate(UUID hold, Instant now) {
        return new Offer(id, transferId, hospital, campaign, round, status, travelMinutes, createdAt, Optional.of(hold),
                deadline, offeredAt, answeredAt, answeredBy, declineReason, answerText, availableFrom,
                Optional.of(new HoldWork(HoldAction.RELEASE, now)), holdExpiresAt);
    }

    Offer skipped(String why) {
        return new Offer(id, transferId, hospital, campaign, round, status == OfferStatus.HOLDING ? OfferStatus.SKIPPED : status,
                travelMinutes, createdAt, holdId, deadline, offeredAt, answeredAt, answeredBy, declineReason,
                status == OfferStatus.HOLDING ? Text.truncate("no bed held: " + why, 300) : answerText, availableFrom,
                Optional.empty(), holdExpiresAt);
    }

    Offer accepted(String by, Instant now, Instant keepHoldUntil) {
        return answered(OfferStatus.ACCEPTED, by, now, declineReason, answerText, availableFrom,
                HoldAction.EXTEND, Optional.of(keepHoldUntil));
    }

    Offer declined(String by, Instant now, DeclineReason reason, String text) {
        return answered(OfferStatus.DECLINED, by, now, Optional.of(reason), text, availableFrom, HoldAction.RELEASE,
                holdExpiresAt);
    }

    Offer deferred(String by, Instant now, Instant from, String text) {
        return answered(OfferStatus.DEFERRED, by, now, declineReason, text, Optional.of(from), HoldAction.RELEASE,
                holdExpiresAt);
    }

    private Offer answered(OfferStatus to, String by, Instant now, Optional<DeclineReason> reason, String text,
                           Optional<Instant> from, HoldAction owed, Optional<Instant> keepUntil) {
        return new Offer(id, transferId, hospital, campaign, round, to, travelMinutes, createdAt, holdId, deadline,
                offeredAt, Optional.of(now), Optional.of(by), reason, text, from, Optional.of(new HoldWork(owed, now)), keepUntil);
    }

    /** Its holds lapse by themselves in capacity-service: nothing is owed. */
    Offer expired() {
        return withStatus(OfferStatus.EXPIRED, holdWork);
    }

    /** A hold still being placed is released by whoever finishes placing it (see heldTooLate). */
    Offer withdrawn(Instant now) {
        return withStatus(OfferStatus.WITHDRAWN, holdId.isPresent() ? Optional.of(new HoldWork(HoldAction.RELEASE, now)) : holdWork);
    }

    /** The patient arrived: the held bed is now occupied. */
    Offer consumed(Instant now) {
        return withStatus(status, Optional.of(new HoldWork(HoldAction.CONSUME, now)));
    }

    Offer holdWorkDue(Instant at) {
        return withStatus(status, holdWork.map(w -> new HoldWork(w.action(), at)));
    }

    Offer holdWorkDone() {
        return withStatus(status, Optional.empty());
    }

    private Offer withStatus(OfferStatus to, Optional<HoldWork> work) {
        return new Offer(id, transferId, hospital, campaign, round, to, travelMinutes, createdAt, holdId, deadline,
                offeredAt, answeredAt, answeredBy, declineReason, answerText, availableFrom, work, holdExpiresAt);
    }
}
