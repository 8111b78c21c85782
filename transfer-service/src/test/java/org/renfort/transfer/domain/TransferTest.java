package org.renfort.transfer.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.InvalidArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.renfort.transfer.domain.TransferFixtures.A;
import static org.renfort.transfer.domain.TransferFixtures.B;
import static org.renfort.transfer.domain.TransferFixtures.C;
import static org.renfort.transfer.domain.TransferFixtures.HOLD_UNTIL_ARRIVAL;
import static org.renfort.transfer.domain.TransferFixtures.NOW;
import static org.renfort.transfer.domain.TransferFixtures.ORIGIN;
import static org.renfort.transfer.domain.TransferFixtures.in;
import static org.renfort.transfer.domain.TransferFixtures.offer;

/** The transfer aggregate's moves, every legal and illegal one, without a database. */
class TransferTest {
    static final String COORDINATOR = "coordinator-ars";

    // ---- the transition table, move by move ----------------------------------------------------

    @ParameterizedTest
    @EnumSource(TransferTransition.class)
    void everyMoveIsAllowedFromItsStatesAndRefusedFromTheOthers(TransferTransition move) {
        for (TransferStatus from : TransferStatus.values()) {
            Transfer t = in(from, offer(A, OfferStatus.OPEN));
            if (move == TransferTransition.REQUEST) {
                continue; // creation, tested below: there is no state to start from
            }
            if (move == TransferTransition.NO_CANDIDATE && from == TransferStatus.UNPLACED) {
                apply(move, t);
                assertEquals(TransferStatus.UNPLACED, t.status(), "still no candidate: it stays unplaced");
            } else if (move.allowedFrom(from)) {
                apply(move, t);
                assertEquals(move.to(from), t.status(), move + " from " + from);
            } else {
                FailedPreconditionException refused = assertThrows(FailedPreconditionException.class, () -> apply(move, t),
                        move + " from " + from + " must be refused");
                assertTrue(refused.getMessage().contains(from.name()), refused.getMessage());
                assertEquals(from, t.status(), "a refused move changes nothing");
            }
        }
    }

    private static Outcome apply(TransferTransition move, Transfer t) {
        UUID open = t.offers().get(0).id();
        return switch (move) {
            case REQUEST -> throw new IllegalArgumentException("not a move of an existing transfer");
            case OFFER_ROUND -> t.offerTo(List.of(new Candidate(B, 20)), NOW, NOW.plusSeconds(30));
            case NO_CANDIDATE -> t.noCandidateLeft(NOW, Duration.ofMinutes(2));
            case ACCEPT -> t.answer(open, new OfferAnswer.Accept(), "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL);
            case REOPEN -> t.reopen(COORDINATOR, NOW, "the patient's state changed");
            case DIRECT -> t.direct(C, COORDINATOR, NOW, "agreed by phone");
            case ASSIGN_CREW -> t.transport(new TransportStep.AssignCrew(
                    new Transport(CrewType.SMUR, "SMUR 59-1", Optional.empty(), "dispatch")), "dispatch", NOW);
            case REPORT_PROGRESS -> t.transport(new TransportStep.Progress(Optional.of(NOW.plusSeconds(900)),
                    Optional.of(new GeoPoint(50.6, 2.9))), "dispatch", NOW);
            case DEPART -> t.transport(new TransportStep.Departed(), "dispatch", NOW);
            case ARRIVE -> t.transport(new TransportStep.Arrived(), "dispatch", NOW);
            case COMPLETE -> t.transport(new TransportStep.Completed(), "staff-a", NOW);
            case CANCEL -> t.cancel(COORDINATOR, NOW, "the patient died");
        };
    }

    @Test
    void aRequestStartsRequestedWithItsFirstRoundDueAndOneHistoryEntry() {
        Transfer.Requested r = Transfer.request(UUID.randomUUID(), TransferFixtures.request(), "staff-origin", NOW, NOW.plusSeconds(30));
        assertEquals(TransferStatus.REQUESTED, r.transfer().status());
        assertEquals(Optional.of(NOW.plusSeconds(30)), r.transfer().roundDue());
        assertEquals(List.of(new TransferEvent(TransferStatus.REQUESTED, "staff-origin", NOW, "requested")), r.outcome().history());
        assertTrue(r.transfer().offers().isEmpty());
    }

    // ---- answers --------------------------------------------------------------------------------

    @Test
    void theFirstAcceptWinsAndEveryOtherLiveOfferIsWithdrawn() {
        Offer a = offer(A, OfferStatus.OPEN);
        Offer b = offer(B, OfferStatus.OPEN);
        Offer stillHolding = offer(C, OfferStatus.HOLDING);
        Transfer t = in(TransferStatus.NEGOTIATING, a, b, stillHolding);

        Outcome outcome = t.answer(a.id(), new OfferAnswer.Accept(), "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL);

        assertEquals(TransferStatus.ACCEPTED, t.status());
        assertEquals(Optional.of(A), t.details().destination());
        Offer accepted = t.offer(a.id());
        assertEquals(OfferStatus.ACCEPTED, accepted.status());
        assertEquals(Optional.of(new Offer.HoldWork(HoldAction.EXTEND, NOW)), accepted.holdWork());
        assertEquals(Optional.of(NOW.plus(HOLD_UNTIL_ARRIVAL)), accepted.holdExpiresAt());
        assertEquals(OfferStatus.WITHDRAWN, t.offer(b.id()).status());
        assertEquals(Optional.of(new Offer.HoldWork(HoldAction.RELEASE, NOW)), t.offer(b.id()).holdWork());
        // A hold still being placed is released by whoever finishes placing it.
        assertEquals(OfferStatus.WITHDRAWN, t.offer(stillHolding.id()).status());
        assertTrue(t.offer(stillHolding.id()).owes(HoldAction.PLACE));
        // Only the hospitals that saw an offer hear of it; dispatch hears of the acceptance.
        assertEquals(List.of(new Outcome.Notice.ToHospital(B, OfferEventKind.WITHDRAWN, b.id(), NOW),
                new Outcome.Notice.ToHospital(A, OfferEventKind.ACCEPTED, a.id(), NOW),
                new Outcome.Notice.ToDispatch(TransferStatus.ACCEPTED, NOW)), outcome.notices());
        assertEquals(1, outcome.history().size());
        assertTrue(outcome.history().get(0).reason().startsWith("accepted by " + A.value()));
        assertEquals(Set.of(a.id(), b.id()), ids(outcome.holdWorkOwed()));
        assertEquals(Optional.empty(), t.roundDue());
    }

    @Test
    void aCoordinatorAnsweringForAHospitalIsSaidInTheHistory() {
        Offer a = offer(A, OfferStatus.OPEN);
        Transfer t = in(TransferStatus.NEGOTIATING, a);
        Outcome outcome = t.answer(a.id(), new OfferAnswer.Accept(), COORDINATOR, true, NOW, HOLD_UNTIL_ARRIVAL);
        assertTrue(outcome.history().get(0).reason().contains("(answered by a coordinator)"));
        assertEquals(Optional.of(COORDINATOR), t.offer(a.id()).answeredBy());
    }

    @Test
    void aDeclineReleasesTheBedAndTheLastOneMakesTheNextRoundDue() {
        Offer a = offer(A, OfferStatus.OPEN);
        Offer b = offer(B, OfferStatus.OPEN);
        Transfer t = in(TransferStatus.NEGOTIATING, a, b);

        Outcome first = t.answer(a.id(), new OfferAnswer.Decline(DeclineReason.NO_STAFF, ""), "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL);
        assertEquals(TransferStatus.NEGOTIATING, t.status());
        assertEquals(Optional.of(DeclineReason.NO_STAFF), t.offer(a.id()).declineReason());
        assertTrue(t.offer(a.id()).owes(HoldAction.RELEASE));
        assertEquals(List.of(new Outcome.Notice.ToHospital(A, OfferEventKind.DECLINED, a.id(), NOW)), first.notices());
        assertEquals(Optional.empty(), t.roundDue(), "B may still accept");

        t.answer(b.id(), new OfferAnswer.Decline(DeclineReason.OTHER, "no ventilator"), "staff-b", false, NOW, HOLD_UNTIL_ARRIVAL);
        assertEquals(Optional.of(NOW), t.roundDue(), "nobody is left to answer: the next round is due now");
        assertEquals(Set.of(A, B), t.hospitalsNotToAsk(NOW));
    }

    @Test
    void aDeferralKeepsTheHospitalAsideUntilItsTime() {
        Offer a = offer(A, OfferStatus.OPEN);
        Transfer t = in(TransferStatus.NEGOTIATING, a);
        Instant from = NOW.plus(Duration.ofHours(2));

        t.answer(a.id(), new OfferAnswer.Defer(from, "after the shift change"), "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL);

        assertEquals(OfferStatus.DEFERRED, t.offer(a.id()).status());
        assertEquals(Optional.of(from), t.offer(a.id()).availableFrom());
        assertTrue(t.offer(a.id()).owes(HoldAction.RELEASE));
        assertEquals(Optional.of(NOW), t.roundDue());
        t.noCandidateLeft(NOW, Duration.ofHours(8));
        assertEquals(Optional.of(from), t.roundDue(), "the deferral comes before the periodic retry");
        assertEquals(Set.of(), t.hospitalsNotToAsk(from.plusSeconds(1)), "asked again once its time has come, in a new pass");
    }

    @Test
    void aDeferralMustBeInTheNextSevenDays() {
        Offer a = offer(A, OfferStatus.OPEN);
        Transfer t = in(TransferStatus.NEGOTIATING, a);
        assertThrows(InvalidArgumentException.class, () -> t.answer(a.id(), new OfferAnswer.Defer(NOW.minusSeconds(1), ""),
                "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL));
        assertThrows(InvalidArgumentException.class, () -> t.answer(a.id(), new OfferAnswer.Defer(NOW.plus(Duration.ofDays(8)), ""),
                "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL));
        assertEquals(OfferStatus.OPEN, t.offer(a.id()).status(), "a refused answer changes nothing");
    }

    @Test
    void onlyAnOpenOfferBeforeItsDeadlineCanBeAnswered() {
        for (OfferStatus status : OfferStatus.values()) {
            Offer o = offer(A, status);
            Transfer t = in(TransferStatus.NEGOTIATING, o);
            if (status == OfferStatus.OPEN) {
                t.answer(o.id(), new OfferAnswer.Accept(), "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL);
            } else {
                assertThrows(FailedPreconditionException.class, () -> t.answer(o.id(), new OfferAnswer.Accept(), "staff-a",
                        false, NOW, HOLD_UNTIL_ARRIVAL), status.name());
            }
        }
        Offer late = TransferFixtures.withDeadline(offer(A, OfferStatus.OPEN), NOW);
        FailedPreconditionException refused = assertThrows(FailedPreconditionException.class, () -> in(TransferStatus.NEGOTIATING, late)
                .answer(late.id(), new OfferAnswer.Accept(), "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL));
        assertTrue(refused.getMessage().contains("expired"), refused.getMessage());
    }

    // ---- deadlines --------------------------------------------------------------------------------

    @Test
    void overdueOffersExpireAndAnExhaustedRoundCascades() {
        Offer late = TransferFixtures.withDeadline(offer(A, OfferStatus.OPEN), NOW);
        Offer onTime = TransferFixtures.withDeadline(offer(B, OfferStatus.OPEN), NOW.plusSeconds(1));
        Transfer t = in(TransferStatus.NEGOTIATING, late, onTime);

        Outcome outcome = t.expireOverdueOffers(NOW);
        assertEquals(OfferStatus.EXPIRED, t.offer(late.id()).status());
        assertEquals(OfferStatus.OPEN, t.offer(onTime.id()).status());
        assertEquals(List.of(new Outcome.Notice.ToHospital(A, OfferEventKind.EXPIRED, late.id(), NOW)), outcome.notices());
        assertEquals("no answer before the deadline from " + A.value(), outcome.history().get(0).reason());
        assertTrue(outcome.holdWorkOwed().isEmpty(), "an expired hold lapses by itself in capacity-service");
        assertEquals(Optional.empty(), t.roundDue());

        t.expireOverdueOffers(NOW.plusSeconds(1));
        assertEquals(Optional.of(NOW.plusSeconds(1)), t.roundDue());
        assertTrue(t.expireOverdueOffers(NOW.plusSeconds(2)).isEmpty(), "nothing left to expire: nothing to save");
    }

    // ---- cancel, re-open, direct ---------------------------------------------------------------------

    @Test
    void cancellingAnAcceptedTransferGivesItsBedBack() {
        Offer accepted = offer(A, OfferStatus.OPEN);
        Transfer t = in(TransferStatus.NEGOTIATING, accepted);
        t.answer(accepted.id(), new OfferAnswer.Accept(), "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL);

        Outcome outcome = t.cancel(COORDINATOR, NOW, "the patient died");
        assertEquals(TransferStatus.CANCELLED, t.status());
        assertEquals(OfferStatus.WITHDRAWN, t.offer(accepted.id()).status());
        assertTrue(t.offer(accepted.id()).owes(HoldAction.RELEASE));
        assertEquals(List.of(new Outcome.Notice.ToHospital(A, OfferEventKind.WITHDRAWN, accepted.id(), NOW),
                new Outcome.Notice.ToDispatch(TransferStatus.CANCELLED, NOW)), outcome.notices());
        assertEquals("cancelled: the patient died", outcome.history().get(0).reason());
    }

    @Test
    void reopeningStartsANewCampaignThatForgetsDeclines() {
        Offer a = offer(A, OfferStatus.OPEN);
        Transfer t = in(TransferStatus.NEGOTIATING, a);
        t.answer(a.id(), new OfferAnswer.Decline(DeclineReason.NO_BED, ""), "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL);
        assertEquals(Set.of(A), t.hospitalsNotToAsk(NOW));

        t.reopen(COORDINATOR, NOW, "a bed was freed by phone");
        assertEquals(TransferStatus.NEGOTIATING, t.status());
        assertEquals(1, t.negotiation().campaign());
        assertEquals(Optional.of(NOW), t.roundDue());
        assertEquals(Set.of(), t.hospitalsNotToAsk(NOW), "the new campaign may ask A again");
    }

    @Test
    void directingAsksOnlyTheNamedHospitalAndNeverTheOrigin() {
        Transfer t = in(TransferStatus.UNPLACED, offer(A, OfferStatus.EXPIRED));
        InvalidArgumentException toOrigin = assertThrows(InvalidArgumentException.class,
                () -> t.direct(ORIGIN, COORDINATOR, NOW, "wrong"));
        assertTrue(toOrigin.getMessage().contains("hospital_id"), toOrigin.getMessage());
        assertEquals(TransferStatus.UNPLACED, t.status());

        t.direct(C, COORDINATOR, NOW, "agreed by phone");
        assertEquals(Optional.of(C), t.directedTo());
        t.offerTo(List.of(new Candidate(C, 0)), NOW, NOW.plusSeconds(30));
        Outcome none = t.noCandidateLeft(NOW, Duration.ofMinutes(2));
        assertTrue(t.details().waitingReason().contains(C.value()), t.details().waitingReason());
        assertEquals(TransferStatus.UNPLACED, none.history().get(0).status());
    }

    @Test
    void aPlannedTransferAsksItsPlannedHospitalFirstThenTheRegionOrWaitsAsTheApprovalSaid() {
        UUID plan = UUID.randomUUID();
        for (boolean fallsBack : List.of(true, false)) {
            Transfer t = Transfer.planned(UUID.randomUUID(), TransferFixtures.request(), COORDINATOR, NOW, NOW, A, 25, plan, fallsBack)
                    .transfer();
            assertEquals(Optional.of(A), t.directedTo());
            assertEquals(Optional.of(new Candidate(A, 25)), t.plannedCandidate(), "the plan's travel time: no search needed");
            assertEquals(Optional.of(NOW), t.roundDue());
            Offer made = t.offerTo(List.of(t.plannedCandidate().orElseThrow()), NOW, NOW.plusSeconds(30)).offersMade().get(0);
            t.holdPlaced(made.id(), UUID.randomUUID(), NOW.plusSeconds(300), NOW);

            Outcome declined = t.answer(made.id(), new OfferAnswer.Decline(DeclineReason.NO_STAFF, ""), "system-a", false, NOW,
                    HOLD_UNTIL_ARRIVAL);

            assertEquals(Optional.of(NOW), t.roundDue(), "the next round is due at once");
            if (fallsBack) {
                assertEquals(Optional.empty(), t.directedTo(), "the region's negotiation takes over");
                assertEquals(Optional.empty(), t.plannedCandidate());
                assertTrue(declined.history().stream().anyMatch(e -> e.reason().contains("negotiating with the region")));
            } else {
                assertEquals(Optional.of(A), t.directedTo(), "only a coordinator moves it on");
                t.noCandidateLeft(NOW, Duration.ofMinutes(2));
                assertEquals(TransferStatus.UNPLACED, t.status());
            }
        }
        assertThrows(InvalidArgumentException.class, () -> Transfer.planned(UUID.randomUUID(), TransferFixtures.request(),
                COORDINATOR, NOW, NOW, ORIGIN, 25, plan, true), "a plan never sends a patient back to its origin");
    }

    // ---- transport --------------------------------------------------------------------------------

    @Test
    void theJourneyEndsWithTheHeldBedConsumed() {
        Offer a = offer(A, OfferStatus.OPEN);
        Transfer t = in(TransferStatus.NEGOTIATING, a);
        t.answer(a.id(), new OfferAnswer.Accept(), "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL);
        t.transport(new TransportStep.AssignCrew(new Transport(CrewType.SMUR, "SMUR 59-1", Optional.of(NOW.plusSeconds(1800)),
                "dispatch")), "dispatch", NOW);
        assertEquals("SMUR 59-1", t.details().transport().orElseThrow().callSign());
        t.transport(new TransportStep.AssignCrew(new Transport(CrewType.AMBULANCE, "AMB 12", Optional.empty(), "dispatch")),
                "dispatch", NOW);
        assertEquals("AMB 12", t.details().transport().orElseThrow().callSign(), "assigning again replaces the crew");
        t.transport(new TransportStep.Departed(), "dispatch", NOW);

        Outcome arrived = t.transport(new TransportStep.Arrived(), "staff-a", NOW);
        assertEquals(TransferStatus.ARRIVED, t.status());
        assertEquals(Optional.of(new Offer.HoldWork(HoldAction.CONSUME, NOW)), t.offer(a.id()).holdWork());
        assertEquals("arrived at " + A.value(), arrived.history().get(0).reason());
        assertEquals(List.of(new Outcome.Notice.ToDispatch(TransferStatus.ARRIVED, NOW)), arrived.notices());
        t.transport(new TransportStep.Completed(), "staff-a", NOW);
        assertEquals(TransferStatus.COMPLETED, t.status());
    }

    @Test
    void progressOnTheWayKeepsTheStateTellsDispatchAndWritesOnlyAChangedArrivalToTheHistory() {
        Transfer t = in(TransferStatus.IN_TRANSIT);
        Instant eta = NOW.plusSeconds(1200);
        Outcome first = t.transport(new TransportStep.Progress(Optional.of(eta), Optional.of(new GeoPoint(50.63, 3.06))),
                "dispatch", NOW);
        assertEquals(TransferStatus.IN_TRANSIT, t.status());
        Transport transport = t.details().transport().orElseThrow();
        assertEquals(Optional.of(eta), transport.estimatedArrival());
        assertEquals(Optional.of(new Transport.Position(new GeoPoint(50.63, 3.06), NOW)), transport.lastPosition());
        assertEquals("SMUR 59-1", transport.callSign(), "the crew stays");
        assertEquals(List.of(new TransferEvent(TransferStatus.IN_TRANSIT, "dispatch", NOW, "estimated arrival " + eta)),
                first.history());
        assertEquals(List.of(new Outcome.Notice.ToDispatch(TransferStatus.IN_TRANSIT, NOW)), first.notices());

        Instant later = NOW.plusSeconds(30);
        Outcome moved = t.transport(new TransportStep.Progress(Optional.empty(), Optional.of(new GeoPoint(50.62, 3.05))),
                "dispatch", later);
        assertTrue(moved.history().isEmpty(), "a position alone is not history");
        assertEquals(List.of(new Outcome.Notice.ToDispatch(TransferStatus.IN_TRANSIT, later)), moved.notices());
        assertEquals(Optional.of(eta), t.details().transport().orElseThrow().estimatedArrival(), "an arrival not given is kept");
        assertEquals(later, t.details().transport().orElseThrow().lastPosition().orElseThrow().reportedAt());
        assertEquals(later, t.details().updatedAt());

        InvalidArgumentException empty = assertThrows(InvalidArgumentException.class,
                () -> new TransportStep.Progress(Optional.empty(), Optional.empty()));
        assertTrue(empty.getMessage().contains("progress"), empty.getMessage());
        Transfer accepted = in(TransferStatus.ACCEPTED);
        assertThrows(FailedPreconditionException.class, () -> accepted.transport(
                new TransportStep.Progress(Optional.of(eta), Optional.empty()), "dispatch", NOW), "no crew yet: nothing on its way");
    }

    // ---- rounds ---------------------------------------------------------------------------------

    @Test
    void aRoundMakesOffersWhoseHoldsArePlacedUnderTheClaimersLease() {
        Transfer.Requested r = Transfer.request(UUID.randomUUID(), TransferFixtures.request(), "staff-origin", NOW, NOW.plusSeconds(30));
        Transfer t = r.transfer();
        assertTrue(t.isClaimedBy(NOW.plusSeconds(30)));
        assertFalse(t.isClaimedBy(NOW.plusSeconds(31)));

        Outcome outcome = t.offerTo(List.of(new Candidate(A, 10), new Candidate(B, 20)), NOW, NOW.plusSeconds(30));
        assertEquals(TransferStatus.NEGOTIATING, t.status());
        assertEquals(2, outcome.offersMade().size());
        for (Offer made : outcome.offersMade()) {
            assertEquals(OfferStatus.HOLDING, made.status());
            assertEquals(Optional.of(new Offer.HoldWork(HoldAction.PLACE, NOW.plusSeconds(30))), made.holdWork());
            assertEquals(1, made.round());
        }
        assertEquals("offered to " + A.value() + ", " + B.value() + " (round 1)", outcome.history().get(0).reason());
        assertEquals(Set.of(A, B), t.hospitalsNotToAsk(NOW));
        assertEquals(Optional.empty(), t.roundDue());
    }

    @Test
    void withNobodyLeftToAskTheTransferWaitsUnplacedAndStartsANewPassLater() {
        Offer silent = TransferFixtures.withDeadline(offer(A, OfferStatus.OPEN), NOW);
        Transfer t = in(TransferStatus.NEGOTIATING, silent);
        t.expireOverdueOffers(NOW);

        Outcome unplaced = t.noCandidateLeft(NOW, Duration.ofMinutes(2));
        assertEquals(TransferStatus.UNPLACED, t.status());
        assertEquals(Optional.of(NOW.plus(Duration.ofMinutes(2))), t.roundDue());
        assertTrue(t.details().waitingReason().startsWith("no hospital within 60 min has a free ADULT_ICU bed"));
        assertEquals(1, unplaced.history().size());
        assertEquals(Set.of(), t.hospitalsNotToAsk(NOW), "a new pass: the silent hospital may be asked again");
        assertTrue(t.noCandidateLeft(NOW, Duration.ofMinutes(2)).history().isEmpty(), "still unplaced: no new history entry");
    }

    @Test
    void waitingForCapacityServiceIsSaidOnceAndRetried() {
        Transfer t = in(TransferStatus.REQUESTED);
        Outcome first = t.waitForCapacity(NOW, NOW.plusSeconds(2), "UNAVAILABLE: connection refused");
        assertEquals(1, first.history().size());
        assertTrue(t.isWaitingForCapacity());
        assertEquals(Optional.of(NOW.plusSeconds(2)), t.roundDue());
        assertTrue(t.waitForCapacity(NOW, NOW.plusSeconds(4), "x".repeat(1000)).history().isEmpty());
        assertEquals(300, t.details().waitingReason().length(), "the reason is cut to its column");
        assertEquals(TransferStatus.REQUESTED, t.status());
    }

    // ---- bed holds --------------------------------------------------------------------------------

    @Test
    void aPlacedHoldOpensTheOfferWithTheHoldsExpiryAsItsDeadline() {
        Offer holding = offer(A, OfferStatus.HOLDING);
        Transfer t = in(TransferStatus.NEGOTIATING, holding);
        UUID hold = UUID.randomUUID();

        Outcome outcome = t.holdPlaced(holding.id(), hold, NOW.plusSeconds(300), NOW);
        Offer open = t.offer(holding.id());
        assertEquals(OfferStatus.OPEN, open.status());
        assertEquals(Optional.of(hold), open.holdId());
        assertEquals(Optional.of(NOW.plusSeconds(300)), open.deadline());
        assertEquals(Optional.empty(), open.holdWork());
        assertEquals(List.of(new Outcome.Notice.ToHospital(A, OfferEventKind.OFFERED, holding.id(), NOW)), outcome.notices());
        assertTrue(t.holdPlaced(holding.id(), hold, NOW.plusSeconds(300), NOW).isEmpty(), "placed twice: recorded once");
    }

    @Test
    void aHoldPlacedAfterTheOfferWasWithdrawnIsOwedBack() {
        Offer holding = offer(A, OfferStatus.HOLDING);
        Transfer t = in(TransferStatus.NEGOTIATING, holding);
        t.cancel(COORDINATOR, NOW, "duplicate request");
        UUID hold = UUID.randomUUID();

        Outcome outcome = t.holdPlaced(holding.id(), hold, NOW.plusSeconds(300), NOW);
        assertEquals(OfferStatus.WITHDRAWN, t.offer(holding.id()).status());
        assertEquals(Optional.of(new Offer.HoldWork(HoldAction.RELEASE, NOW)), t.offer(holding.id()).holdWork());
        assertEquals(Optional.of(hold), t.offer(holding.id()).holdId());
        assertTrue(outcome.notices().isEmpty(), "the hospital never saw it");
    }

    @Test
    void noBedToHoldSkipsTheOfferUnseenAndMovesTheRoundOn() {
        Offer holding = offer(A, OfferStatus.HOLDING);
        Transfer t = in(TransferStatus.NEGOTIATING, holding);

        Outcome outcome = t.holdRefused(holding.id(), "no ADULT_ICU bed left", NOW);
        assertEquals(OfferStatus.SKIPPED, t.offer(holding.id()).status());
        assertEquals("no bed held: no ADULT_ICU bed left", t.offer(holding.id()).answerText());
        assertTrue(outcome.notices().isEmpty());
        assertEquals(Optional.of(NOW), t.roundDue());
    }

    @Test
    void onlyTheHoldWorkCarriedOutIsCleared() {
        Offer a = offer(A, OfferStatus.OPEN);
        Transfer t = in(TransferStatus.NEGOTIATING, a);
        t.answer(a.id(), new OfferAnswer.Accept(), "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL);
        t.transport(new TransportStep.AssignCrew(new Transport(CrewType.SMUR, "SMUR 1", Optional.empty(), "d")), "d", NOW);
        t.transport(new TransportStep.Departed(), "d", NOW);
        t.transport(new TransportStep.Arrived(), "d", NOW);

        // The extension finished after the arrival replaced it with a consumption: the consumption stays owed.
        assertTrue(t.holdWorkDone(a.id(), HoldAction.EXTEND, Optional.empty(), NOW).isEmpty());
        assertTrue(t.offer(a.id()).owes(HoldAction.CONSUME));
        t.holdWorkDueAgain(a.id(), NOW.plusSeconds(2));
        assertEquals(Optional.of(new Offer.HoldWork(HoldAction.CONSUME, NOW.plusSeconds(2))), t.offer(a.id()).holdWork());
        t.holdWorkDone(a.id(), HoldAction.CONSUME, Optional.empty(), NOW);
        assertEquals(Optional.empty(), t.offer(a.id()).holdWork());
    }

    @Test
    void anExtensionRefusedIsWrittenInTheHistory() {
        Offer a = offer(A, OfferStatus.OPEN);
        Transfer t = in(TransferStatus.NEGOTIATING, a);
        t.answer(a.id(), new OfferAnswer.Accept(), "staff-a", false, NOW, HOLD_UNTIL_ARRIVAL);
        Outcome outcome = t.holdWorkDone(a.id(), HoldAction.EXTEND, Optional.of("hold expired"), NOW);
        assertTrue(outcome.history().get(0).reason().contains("could not be kept until arrival: hold expired"));
    }

    private static Set<UUID> ids(List<Offer> offers) {
        return Set.copyOf(offers.stream().map(Offer::id).toList());
    }
}
