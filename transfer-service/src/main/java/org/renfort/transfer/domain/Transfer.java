package org.renfort.transfer.domain;

import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.NotFoundException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A patient transfer and its offers: the one place their state changes. Each move of
 * {@link TransferTransition} is one method that checks the rule, changes the state and returns
 * the {@link Outcome} to save with it (history, notices, offers made, hold work owed). Callers
 * hold the transfer's lock from loading to saving; nothing here touches a database or a clock.
 */
public final class Transfer {
    /** The actor of the moves nobody asked for (rounds, deadlines, hold outcomes). */
    public static final String SYSTEM = "transfer-service";
    static final String CAPACITY_DOWN = "capacity-service unavailable";
    private static final int MAX_WAITING_REASON = 300;

    private final UUID id;
    private final Origin origin;
    private final TransferRequirements requirements;
    private final ClinicalNote note;
    private final Instant createdAt;
    private final String createdBy;
    private final Optional<String> dispatchCenter;
    private final Optional<ExternalReference> externalReference;
    private TransferStatus status;
    private Optional<HospitalId> destination;
    private Optional<Transport> transport;
    private String waitingReason;
    private Instant updatedAt;
    private int campaign;
    private int round;
    private int passStartRound;
    private Optional<Instant> nextRoundAt;
    private Optional<HospitalId> directedTo;
    private Optional<Integer> directedTravelMinutes;
    private boolean directionFallsBack;
    private final Map<UUID, Offer> offers = new LinkedHashMap<>();
    private Outcome.Builder outcome;

    private Transfer(TransferDetails d, Negotiation n, List<Offer> offers) {
        this.id = d.id();
        this.origin = d.origin();
        this.requirements = d.requirements();
        this.note = d.note();
        this.createdAt = d.createdAt();
        this.createdBy = d.createdBy();
        this.dispatchCenter = d.dispatchCenter();
        this.externalReference = d.externalReference();
        this.status = d.status();
        this.destination = d.destination();
        this.transport = d.transport();
        this.waitingReason = d.waitingReason();
        this.updatedAt = d.updatedAt();
        this.campaign = n.campaign();
        this.round = n.round();
        this.passStartRound = n.passStartRound();
        this.nextRoundAt = n.nextRoundAt();
        this.directedTo = n.directedTo();
        this.directedTravelMinutes = n.directedTravelMinutes();
        this.directionFallsBack = n.directionFallsBack();
        offers.forEach(o -> this.offers.put(o.id(), o));
    }

    /** A transfer as stored, with all its offers. */
    public static Transfer restore(TransferDetails details, Negotiation negotiation, List<Offer> offers) {
        return new Transfer(details, negotiation, offers);
    }

    /** A new transfer and the outcome of its creation. */
    public record Requested(Transfer transfer, Outcome outcome) {
    }

    /** A new request; its first round is due at {@code firstRoundAt} (the lease of the instance that runs it). */
    public static Requested request(UUID id, TransferRequest request, String by, Instant now, Instant firstRoundAt) {
        return request(id, request, by, Optional.empty(), now, firstRoundAt);
    }

    /** The same, asked by a dispatcher of a dispatch centre (which handles a patient in the field). */
    public static Requested request(UUID id, TransferRequest request, String by, Optional<String> requesterCenter, Instant now,
                                    Instant firstRoundAt) {
        return create(id, request, by, requesterCenter, now, Negotiation.starting(firstRoundAt), "requested");
    }

    /**
     * A new request approved in a redistribution plan: its first offer goes to the planned
     * hospital only; when that one cannot take the patient, the transfer negotiates with the
     * region ({@code fallsBack}) or waits for a coordinator.
     */
    public static Requested planned(UUID id, TransferRequest request, String by, Instant now, Instant firstRoundAt,
                                    HospitalId plannedHospital, int travelMinutes, UUID planId, boolean fallsBack) {
        if (request.origin() instanceof Origin.AtHospital at && at.hospitalId().equals(plannedHospital)) {
            throw new InvalidArgumentException("hospital_id", "is the origin of the transfer");
        }
        return create(id, request, by, Optional.empty(), now, Negotiation.directed(firstRoundAt, plannedHospital, travelMinutes, fallsBack),
                "requested by plan " + planId + ", offered first to " + plannedHospital);
    }

    private static Requested create(UUID id, TransferRequest request, String by, Optional<String> requesterCenter, Instant now,
                                    Negotiation negotiation, String reason) {
        TransferDetails details = new TransferDetails(id, request.origin(), request.requirements(), request.note(),
                TransferStatus.REQUESTED, Optional.empty(), now, by, "", Optional.empty(), now,
                DispatchCenters.responsibleFor(request.origin(), requesterCenter), request.externalReference());
        Transfer created = new Transfer(details, negotiation, List.of());
        created.begin(now);
        created.outcome.history(new TransferEvent(TransferStatus.REQUESTED, by, now, reason));
        return new Requested(created, created.end());
    }

    // ---- what callers see ---------------------------------------------------------------------

    public UUID id() {
        return id;
    }

    public TransferStatus status() {
        return status;
    }

    public TransferRequirements requirements() {
        return requirements;
    }

    public TransferDetails details() {
        return new TransferDetails(id, origin, requirements, note, status, destination, createdAt, createdBy,
                waitingReason, transport, updatedAt, dispatchCenter, externalReference);
    }

    public Negotiation negotiation() {
        return new Negotiation(campaign, round, passStartRound, nextRoundAt, directedTo, directedTravelMinutes, directionFallsBack);
    }

    /** Every offer made for this transfer, oldest first. */
    public List<Offer> offers() {
        return List.copyOf(offers.values());
    }

    public Offer offer(UUID offerId) {
        Offer o = offers.get(offerId);
        if (o == null) {
            throw new NotFoundException("offer " + offerId + " not found");
        }
        return o;
    }

    // ---- answers ------------------------------------------------------------------------------

    /**
     * The hospital's answer to its offer. The first accept wins: the other live offers are
     * withdrawn and the accepted bed stays held until arrival. A decline or a deferral releases
     * the bed; the last live offer answered makes the next round due.
     */
    public Outcome answer(UUID offerId, OfferAnswer answer, String by, boolean onBehalfOfTheHospital, Instant now,
                          Duration keepHoldUntilArrival) {
        begin(now);
        Offer o = offer(offerId);
        o.checkAnswerable(now);
        String who = o.hospital().value() + (onBehalfOfTheHospital ? " (answered by a coordinator)" : "");
        if (answer instanceof OfferAnswer.Accept) {
            TransferTransition.ACCEPT.requireFrom(status);
            Offer accepted = change(o.accepted(by, now, now.plus(keepHoldUntilArrival)));
            destination = Optional.of(o.hospital());
            nextRoundAt = Optional.empty();
            waitingReason = "";
            withdrawLive(now, accepted.id());
            tell(accepted, OfferEventKind.ACCEPTED);
            move(TransferTransition.ACCEPT, by, now, "accepted by " + who + "; transport requested");
        } else if (answer instanceof OfferAnswer.Decline decline) {
            tell(change(o.declined(by, now, decline.reason(), decline.text())), OfferEventKind.DECLINED);
            record(by, now, "declined by " + who + ": " + decline.reason());
            nextRoundDueIfExhausted(now);
        } else {
            OfferAnswer.Defer defer = (OfferAnswer.Defer) answer;
            defer.checkAt(now);
            tell(change(o.deferred(by, now, defer.availableFrom(), defer.text())), OfferEventKind.DEFERRED);
            record(by, now, "deferred by " + who + " until " + defer.availableFrom());
            nextRoundDueIfExhausted(now);
        }
        return end();
    }

    /** Offers not answered by their deadline expire (their holds lapse by themselves); an exhausted round cascades. */
    public Outcome expireOverdueOffers(Instant now) {
        begin(now);
        List<Offer> overdue = offers.values().stream().filter(o -> o.isOverdue(now)).toList();
        if (overdue.isEmpty()) {
            return end();
        }
        overdue.forEach(o -> tell(change(o.expired()), OfferEventKind.EXPIRED));
        record(SYSTEM, now, "no answer before the deadline from "
                + overdue.stream().map(o -> o.hospital().value()).sorted().collect(Collectors.joining(", ")));
        nextRoundDueIfExhausted(now);
        return end();
    }

    // ---- coordinators and requesters -------------------------------------------------------------

    public Outcome cancel(String by, Instant now, String reason) {
        begin(now);
        TransferTransition.CANCEL.requireFrom(status);
        nextRoundAt = Optional.empty();
        waitingReason = "";
        withdrawLive(now, null);
        withdrawAccepted(now);
        move(TransferTransition.CANCEL, by, now, "cancelled: " + reason);
        return end();
    }

    /** A new campaign: live and accepted offers withdrawn, declines forgotten, a round due now. */
    public Outcome reopen(String by, Instant now, String reason) {
        begin(now);
        startOver(TransferTransition.REOPEN, Optional.empty(), by, now, "re-opened: " + reason);
        return end();
    }

    /** Like re-opening, but only the named hospital is asked (a coordinator's decision). */
    public Outcome direct(HospitalId hospital, String by, Instant now, String reason) {
        begin(now);
        if (origin instanceof Origin.AtHospital at && at.hospitalId().equals(hospital)) {
            throw new InvalidArgumentException("hospital_id", "is the origin of the transfer");
        }
        startOver(TransferTransition.DIRECT, Optional.of(hospital), by, now, "directed to " + hospital + ": " + reason);
        return end();
    }

    private void startOver(TransferTransition move, Optional<HospitalId> directed, String by, Instant now, String reason) {
        move.requireFrom(status);
        campaign++;
        passStartRound = round + 1;
        directedTo = directed;
        directedTravelMinutes = Optional.empty();
        directionFallsBack = false;
        destination = Optional.empty();
        transport = Optional.empty();
        nextRoundAt = Optional.of(now);
        waitingReason = "";
        withdrawLive(now, null);
        withdrawAccepted(now);
        move(move, by, now, reason);
    }

    // ---- transport ----------------------------------------------------------------------------

    /** A step of the journey; on arrival the held bed is consumed. */
    public Outcome transport(TransportStep step, String by, Instant now) {
        begin(now);
        step.transition().requireFrom(status);
        if (step instanceof TransportStep.Progress progress) {
            reportProgress(progress, by, now);
            return end();
        }
        String reason;
        if (step instanceof TransportStep.AssignCrew assign) {
            transport = Optional.of(assign.transport());
            reason = assign.transport().crewType() + " " + assign.transport().callSign() + " assigned";
        } else if (step instanceof TransportStep.Arrived) {
            reason = "arrived at " + destination.map(HospitalId::value).orElse("?");
            offers.values().stream().filter(o -> o.status() == OfferStatus.ACCEPTED && o.holdId().isPresent())
                    .findFirst().ifPresent(accepted -> change(accepted.consumed(now)));
        } else {
            reason = step.transition().to(status).name().toLowerCase().replace('_', ' ');
        }
        move(step.transition(), by, now, reason);
        return end();
    }

    /**
     * Keeps the state: dispatch hears of every report (its board moves the crew), the history
     * only of a changed estimated arrival (positions every few seconds would drown it).
     */
    private void reportProgress(TransportStep.Progress progress, String by, Instant now) {
        Transport before = transport.orElseThrow(() -> new IllegalStateException(status + " without a crew"));
        Transport after = before.progressed(progress.estimatedArrival(), progress.position(), now);
        transport = Optional.of(after);
        if (!after.estimatedArrival().equals(before.estimatedArrival())) {
            record(by, now, "estimated arrival " + after.estimatedArrival().map(Instant::toString).orElse("?"));
        } else {
            updatedAt = now;
        }
        outcome.notice(new Outcome.Notice.ToDispatch(status, now));
    }

    // ---- rounds -------------------------------------------------------------------------------

    /** A round is due (or running under the lease {@link #nextRoundAt}). */
    public Optional<Instant> roundDue() {
        return status.isNegotiable() ? nextRoundAt : Optional.empty();
    }

    /** The round claimed with this lease is still to run: nobody cancelled, re-opened or redirected meanwhile. */
    public boolean isClaimedBy(Instant lease) {
        return status.isNegotiable() && nextRoundAt.isPresent() && nextRoundAt.get().equals(lease);
    }

    public Optional<HospitalId> directedTo() {
        return directedTo;
    }

    /** The one hospital to offer to and its travel time, when a plan directed this transfer: no search needed. */
    public Optional<Candidate> plannedCandidate() {
        return directedTo.flatMap(to -> directedTravelMinutes.map(minutes -> new Candidate(to, minutes)));
    }

    /**
     * Hospitals not to ask in the next round: every hospital asked in the current pass, those
     * that declined since the last re-open, and those that deferred to a time still ahead.
     */
    public Set<HospitalId> hospitalsNotToAsk(Instant now) {
        Set<HospitalId> hospitals = new HashSet<>();
        for (Offer o : offers.values()) {
            boolean declinedThisCampaign = o.campaign() == campaign && (o.status() == OfferStatus.DECLINED
                    || (o.status() == OfferStatus.DEFERRED && o.availableFrom().filter(now::isBefore).isPresent()));
            if (o.round() >= passStartRound || declinedThisCampaign) {
                hospitals.add(o.hospital());
            }
        }
        return hospitals;
    }

    /** Offers to the chosen hospitals, their beds to be held by the instance that claimed the round until {@code placeBy}. */
    public Outcome offerTo(List<Candidate> chosen, Instant now, Instant placeBy) {
        begin(now);
        TransferTransition.OFFER_ROUND.requireFrom(status);
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("a round offers to at least one hospital");
        }
        round++;
        nextRoundAt = Optional.empty();
        waitingReason = "";
        for (Candidate c : chosen) {
            Offer made = Offer.made(id, c, campaign, round, now, placeBy);
            offers.put(made.id(), made);
            outcome.made(made);
        }
        String asked = "offered to " + chosen.stream().map(c -> c.hospital().value()).collect(Collectors.joining(", "))
                + " (round " + round + ")";
        if (status == TransferStatus.NEGOTIATING) {
            record(SYSTEM, now, asked);
        } else {
            move(TransferTransition.OFFER_ROUND, SYSTEM, now, asked);
        }
        return end();
    }

    /**
     * Nobody left to ask: wait for a bed to appear in the region, the first deferral's time or
     * the periodic retry, whichever comes first. The next attempt is a new pass, so hospitals
     * that stayed silent may be asked again.
     */
    public Outcome noCandidateLeft(Instant now, Duration retryAfter) {
        begin(now);
        if (status != TransferStatus.UNPLACED) {
            TransferTransition.NO_CANDIDATE.requireFrom(status);
        }
        Instant retry = now.plus(retryAfter);
        nextRoundAt = Optional.of(nextDeferral(now).filter(d -> d.isBefore(retry)).orElse(retry));
        passStartRound = round + 1;
        waitingReason = directedTo.isPresent()
                ? "the hospital it was directed to, " + directedTo.get() + ", could not take the patient"
                : "no hospital within " + requirements.maxTravelMinutes() + " min has a free "
                + requirements.bedCategory() + " bed and was not asked yet";
        if (status != TransferStatus.UNPLACED) {
            move(TransferTransition.NO_CANDIDATE, SYSTEM, now, waitingReason);
        }
        return end();
    }

    private Optional<Instant> nextDeferral(Instant now) {
        return offers.values().stream()
                .filter(o -> o.campaign() == campaign && o.status() == OfferStatus.DEFERRED)
                .flatMap(o -> o.availableFrom().stream()).filter(now::isBefore).min(Comparator.naturalOrder());
    }

    /** capacity-service is down: the transfer stays where it is, says why, and the round is due again at {@code retryAt}. */
    public Outcome waitForCapacity(Instant now, Instant retryAt, String why) {
        begin(now);
        nextRoundAt = Optional.of(retryAt);
        boolean first = !isWaitingForCapacity();
        waitingReason = Text.truncate(CAPACITY_DOWN + " (" + why + "); retrying", MAX_WAITING_REASON);
        if (first) {
            record(SYSTEM, now, CAPACITY_DOWN + ": waiting");
        }
        return end();
    }

    public boolean isWaitingForCapacity() {
        return waitingReason.startsWith(CAPACITY_DOWN);
    }

    // ---- bed holds ----------------------------------------------------------------------------

    /** The offer's bed is held: it opens with the hold's expiry as its deadline - or, withdrawn meanwhile, owes the hold back. */
    public Outcome holdPlaced(UUID offerId, UUID holdId, Instant holdExpiresAt, Instant now) {
        begin(now);
        Offer o = offer(offerId);
        if (!o.owes(HoldAction.PLACE)) {
            return end();
        }
        if (o.status() != OfferStatus.HOLDING) {
            change(o.heldTooLate(holdId, now));
        } else {
            tell(change(o.opened(holdId, holdExpiresAt, now)), OfferEventKind.OFFERED);
        }
        return end();
    }

    /** No bed could be held there: the offer is dropped unseen, and the round moves on if it was the last live one. */
    public Outcome holdRefused(UUID offerId, String why, Instant now) {
        begin(now);
        Offer o = offer(offerId);
        if (!o.owes(HoldAction.PLACE)) {
            return end();
        }
        change(o.skipped(why));
        record(SYSTEM, now, "no bed could be held at " + o.hospital() + ": " + Text.truncate(why, 200));
        nextRoundDueIfExhausted(now);
        return end();
    }

    /** The hold work failed for a fault of capacity-service: due again at {@code at}. */
    public Outcome holdWorkDueAgain(UUID offerId, Instant at) {
        begin(at);
        Offer o = offer(offerId);
        if (o.holdWork().isPresent()) {
            change(o.holdWorkDue(at));
        }
        return end();
    }

    /**
     * Release, extension or consumption done (or refused: nothing left to do). Only the work
     * that was carried out is cleared: an arrival may have replaced an extension meanwhile.
     */
    public Outcome holdWorkDone(UUID offerId, HoldAction done, Optional<String> refusal, Instant now) {
        begin(now);
        Offer o = offer(offerId);
        if (!o.owes(done)) {
            return end();
        }
        change(o.holdWorkDone());
        if (refusal.isPresent() && done == HoldAction.EXTEND) {
            // The hold lapsed before it could be kept for the journey: the bed is no longer reserved.
            record(SYSTEM, now, "the bed hold at " + o.hospital() + " could not be kept until arrival: "
                    + Text.truncate(refusal.get(), 200));
        }
        return end();
    }

    // ---- the moves every transition is made of ----------------------------------------------------

    private void begin(Instant now) {
        outcome = new Outcome.Builder(now);
    }

    private Outcome end() {
        Outcome done = outcome.build();
        outcome = null;
        return done;
    }

    /** Moves to the transition's state and writes why; dispatch hears of every change around a transport. */
    private void move(TransferTransition transition, String by, Instant now, String reason) {
        TransferStatus before = status;
        status = transition.to(before);
        updatedAt = now;
        outcome.history(new TransferEvent(status, by, now, reason));
        if (status.needsTransport() || before.needsTransport() || status == TransferStatus.ARRIVED
                || status == TransferStatus.COMPLETED) {
            outcome.notice(new Outcome.Notice.ToDispatch(status, now));
        }
    }

    /** A history entry that does not change the status (a decline, a round, a wait). */
    private void record(String by, Instant now, String reason) {
        updatedAt = now;
        outcome.history(new TransferEvent(status, by, now, reason));
    }

    private Offer change(Offer changed) {
        Offer before = offers.put(changed.id(), changed);
        if (changed.holdWork().isPresent() && !changed.holdWork().equals(before.holdWork())) {
            outcome.owing(changed);
        }
        return changed;
    }

    private void tell(Offer o, OfferEventKind kind) {
        outcome.notice(new Outcome.Notice.ToHospital(o.hospital(), kind, o.id(), outcome.at));
    }

    /** Withdraws every live offer but one; hospitals that saw theirs are told. */
    private void withdrawLive(Instant now, UUID except) {
        for (Offer o : new ArrayList<>(offers.values())) {
            if (!o.status().isLive() || o.id().equals(except)) {
                continue;
            }
            Offer withdrawn = change(o.withdrawn(now));
            if (o.status() == OfferStatus.OPEN) {
                tell(withdrawn, OfferEventKind.WITHDRAWN);
            }
        }
    }

    /** The accepted offer is withdrawn too, its bed owed back: the patient will not come. */
    private void withdrawAccepted(Instant now) {
        offers.values().stream().filter(o -> o.status() == OfferStatus.ACCEPTED).findFirst()
                .ifPresent(accepted -> tell(change(accepted.withdrawn(now)), OfferEventKind.WITHDRAWN));
    }

    /**
     * When no offer is live any more and nobody accepted, the next round is due now. A plan's
     * hospital that could not take the patient hands it to the region's negotiation, when the
     * plan's approval said so.
     */
    private void nextRoundDueIfExhausted(Instant now) {
        if (status == TransferStatus.NEGOTIATING && offers.values().stream().noneMatch(o -> o.status().isLive())) {
            nextRoundAt = Optional.of(now);
            if (directionFallsBack && directedTo.isPresent()) {
                record(SYSTEM, now, "the planned hospital " + directedTo.get().value()
                        + " could not take the patient: negotiating with the region");
                directedTo = Optional.empty();
                directedTravelMinutes = Optional.empty();
                directionFallsBack = false;
            }
        }
    }
}
