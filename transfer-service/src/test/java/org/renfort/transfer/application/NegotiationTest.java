package org.renfort.transfer.application;

import org.renfort.testsupport.standin.StandInCapacityService;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.audit.v1.AuditOutcome;
import org.renfort.proto.audit.v1.AuditServiceGrpc;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.capacity.v1.HoldStatus;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.transfer.v1.AcceptAnswer;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.transfer.v1.AssignCrew;
import org.renfort.proto.transfer.v1.Arrived;
import org.renfort.proto.transfer.v1.CancelTransferRequest;
import org.renfort.proto.transfer.v1.Completed;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.CrewType;
import org.renfort.proto.transfer.v1.DeclineAnswer;
import org.renfort.proto.transfer.v1.DeclineReason;
import org.renfort.proto.transfer.v1.Departed;
import org.renfort.proto.transfer.v1.ReportProgress;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.servicekit.ProtoTime;
import org.renfort.proto.transfer.v1.DirectTransferRequest;
import org.renfort.proto.transfer.v1.ReopenTransferRequest;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.Offer;
import org.renfort.proto.transfer.v1.OfferEventKind;
import org.renfort.proto.transfer.v1.OfferStatus;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.Transfer;
import org.renfort.proto.transfer.v1.TransferRequirements;
import org.renfort.proto.transfer.v1.MutinyTransferServiceGrpc;
import org.renfort.proto.transfer.v1.TransferServiceGrpc.TransferServiceBlockingStub;
import org.renfort.proto.transfer.v1.TransferStatus;
import org.renfort.proto.transfer.v1.UpdateTransportRequest;
import org.renfort.proto.transfer.v1.WatchOffersRequest;
import org.renfort.proto.transfer.v1.WatchOffersResponse;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;
import org.renfort.transfer.ServiceTokenStub;

import java.time.Duration;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The negotiation against a real PostgreSQL, over real gRPC with real (test) tokens, with
 * capacity-service played by {@link StandInCapacityService}: offers to the best K with a bed on hold,
 * the accept race, decline and deadline cascades, unplaced and retried, transport to arrival,
 * and the outage of capacity-service.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_transfer"))
class NegotiationTest {
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");
    static final String DISPATCHER = TestTokens.dispatcher("dispatcher", "SAMU59");
    private static final AtomicInteger IDS = new AtomicInteger(8_100_000);
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @OidcWireMock
    WireMockServer oidc;

    @GrpcClient("transfer")
    TransferServiceBlockingStub transfers;

    @GrpcClient("transfer")
    MutinyTransferServiceGrpc.MutinyTransferServiceStub streams;

    @GrpcClient("transfer")
    AuditServiceGrpc.AuditServiceBlockingStub audit;

    @Inject
    MeterRegistry meters;

    /** Each test sends its patients from a hospital of its own. */
    private String origin;

    @BeforeEach
    void serviceTokenAndAnOriginOfItsOwn() {
        ServiceTokenStub.register(oidc);
        StandInCapacityService.DOWN.set(false);
        origin = "59" + IDS.incrementAndGet();
        StandInCapacityService.register(origin);
    }

    @AfterEach
    void capacityComesBack() {
        StandInCapacityService.DOWN.set(false);
    }

    @Test
    void offersGoToTheNearestKAtOnceEachWithABedOnHoldUntilTheDeadline() {
        List<String> region = hospitals(4, 10);
        long firstRounds = phase("first_round").count();
        Transfer created = create(Acuity.ACUITY_URGENT);

        Transfer negotiating = await(created, t -> openOffers(t) == 2);
        // The round's phases are timed (the transfer benchmark splits the service step with them).
        awaitTrue(() -> phase("first_round").count() > firstRounds, "the first round timed");
        for (String phase : List.of("first_round_handoff", "find_beds", "record_offers", "place_holds", "open_offers")) {
            assertTrue(phase(phase).count() > 0, phase);
        }
        assertEquals(TransferStatus.TRANSFER_STATUS_NEGOTIATING, negotiating.getStatus());
        List<Offer> open = negotiating.getOffersList().stream().filter(o -> o.getStatus() == OfferStatus.OFFER_STATUS_OPEN).toList();
        assertEquals(List.of(region.get(0), region.get(1)), open.stream().map(Offer::getHospitalId).sorted().toList());
        for (Offer offer : open) {
            var hold = StandInCapacityService.holdsFor(created.getTransferId()).stream()
                    .filter(h -> h.getHospitalId().equals(offer.getHospitalId())).findFirst().orElseThrow();
            assertEquals(HoldStatus.HOLD_STATUS_ACTIVE, hold.getStatus());
            assertEquals(offer.getDeadline().getSeconds(), hold.getExpiresAt().getSeconds());
            long minutes = Duration.between(Instant.now(), Instant.ofEpochSecond(offer.getDeadline().getSeconds())).toMinutes();
            assertTrue(minutes >= 13 && minutes <= 15, "urgent offers are answered within 15 minutes, got " + minutes);
        }
    }

    @Test
    void theHospitalAskedSeesTheOfferOnItsStreamWithoutTheClinicalNote() throws Exception {
        List<String> region = hospitals(1, 5);
        BlockingQueue<WatchOffersResponse> seen = watchOffers(region.get(0), 0);
        Transfer created = create(Acuity.ACUITY_PLANNED);

        WatchOffersResponse offered = seen.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(offered, "no offer reached the hospital's stream");
        assertEquals(OfferEventKind.OFFER_EVENT_KIND_OFFERED, offered.getKind());
        assertEquals(created.getTransferId(), offered.getOffer().getTransferId());
        assertEquals(BedCategory.BED_CATEGORY_ADULT_ICU, offered.getOffer().getRequirements().getBedCategory());
        assertTrue(offered.getOffer().getRequirements().getPatientReference().length() > 0);

        // Another hospital may not watch these offers; its attempt is in the audit trail.
        String other = hospitals(1, 1).get(0);
        assertStatus(Status.Code.PERMISSION_DENIED, region.get(0), () -> as(system(other)).watchOffers(
                WatchOffersRequest.newBuilder().setHospitalId(region.get(0)).build()).hasNext());
        assertTrue(audit.withCallCredentials(new BearerToken(COORDINATOR)).listAuditEvents(ListAuditEventsRequest.newBuilder()
                        .setAction("WatchOffers").setLimit(500).build()).getEventsList().stream()
                .anyMatch(e -> e.getOutcome() == AuditOutcome.AUDIT_OUTCOME_DENIED && e.getTarget().equals(region.get(0))
                        && e.getSubject().equals("system-" + other)));

        // Reconnecting after that position brings only what came later: the decline's confirmation.
        respond(region.get(0), offered.getOffer().getOfferId(), decline());
        BlockingQueue<WatchOffersResponse> resumed = watchOffers(region.get(0), offered.getPosition());
        WatchOffersResponse next = resumed.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(next);
        assertEquals(OfferEventKind.OFFER_EVENT_KIND_DECLINED, next.getKind());
        assertTrue(next.getPosition() > offered.getPosition());
    }

    @Test
    void whenTwoHospitalsAcceptAtTheSameInstantExactlyOneBecomesTheDestination() throws Exception {
        hospitals(3, 10);
        Transfer created = create(Acuity.ACUITY_IMMEDIATE);
        Transfer negotiating = await(created, t -> openOffers(t) == 3);
        List<Offer> open = negotiating.getOffersList();

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<String>> answers = open.stream().map(o -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
                respond(o.getHospitalId(), o.getOfferId(), RespondToOfferRequest.newBuilder().setAccept(AcceptAnswer.getDefaultInstance()));
                return "accepted:" + o.getHospitalId();
            } catch (StatusRuntimeException e) {
                return e.getStatus().getCode() + ":" + e.getStatus().getDescription();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        start.countDown();
        List<String> outcomes = answers.stream().map(CompletableFuture::join).toList();

        List<String> winners = outcomes.stream().filter(s -> s.startsWith("accepted:")).toList();
        assertEquals(1, winners.size(), "exactly one accept wins: " + outcomes);
        outcomes.stream().filter(s -> !s.startsWith("accepted:")).forEach(s -> assertTrue(
                s.startsWith("FAILED_PRECONDITION") && s.contains("withdrawn"), "the losers are told it was withdrawn: " + s));
        String winner = winners.get(0).substring("accepted:".length());

        Transfer accepted = as(COORDINATOR).getTransfer(get(created)).getTransfer();
        assertEquals(TransferStatus.TRANSFER_STATUS_ACCEPTED, accepted.getStatus());
        assertEquals(winner, accepted.getDestinationHospitalId());
        assertEquals(1, accepted.getOffersList().stream().filter(o -> o.getStatus() == OfferStatus.OFFER_STATUS_ACCEPTED).count());
        // The losers' beds come back; the winner's stays held beyond the offer deadline, for the journey.
        awaitTrue(() -> StandInCapacityService.holdsFor(created.getTransferId()).stream()
                .allMatch(h -> h.getHospitalId().equals(winner)
                        ? h.getStatus() == HoldStatus.HOLD_STATUS_ACTIVE
                        && h.getExpiresAt().getSeconds() > Instant.now().plus(Duration.ofHours(5)).getEpochSecond()
                        : h.getStatus() == HoldStatus.HOLD_STATUS_RELEASED), "holds settled");
    }

    @Test
    void aDeclineCascadesToTheNextCandidateAndWhenNoneIsLeftTheTransferIsUnplacedThenRetried() {
        List<String> region = hospitals(2, 10);
        Transfer created = create(Acuity.ACUITY_PLANNED);

        Offer first = onlyOpenOffer(await(created, t -> openOffers(t) == 1));
        assertEquals(region.get(0), first.getHospitalId());
        respond(first.getHospitalId(), first.getOfferId(), decline());

        Offer second = onlyOpenOffer(await(created, t -> openOffers(t) == 1
                && !onlyOpenOffer(t).getOfferId().equals(first.getOfferId())));
        assertEquals(region.get(1), second.getHospitalId());
        respond(second.getHospitalId(), second.getOfferId(), decline());

        Transfer unplaced = await(created, t -> t.getStatus() == TransferStatus.TRANSFER_STATUS_UNPLACED);
        assertTrue(unplaced.getWaitingReason().contains("no hospital"), unplaced.getWaitingReason());
        assertTrue(as(COORDINATOR).listTransfers(ListTransfersRequest.newBuilder()
                        .addStatuses(TransferStatus.TRANSFER_STATUS_UNPLACED).setPageSize(500).build())
                .getTransfersList().stream().anyMatch(t -> t.getTransferId().equals(created.getTransferId())));

        // A bed appears elsewhere: the transfer is offered again by itself; decliners are not asked again.
        String newcomer = "59" + IDS.incrementAndGet();
        StandInCapacityService.offer(origin, newcomer, 40, 1);
        Offer third = onlyOpenOffer(await(created, t -> openOffers(t) == 1 && t.getStatus() == TransferStatus.TRANSFER_STATUS_NEGOTIATING));
        assertEquals(newcomer, third.getHospitalId());
    }

    @Test
    void anOfferLeftUnansweredExpiresAtItsDeadlineAndTheNextCandidateIsAsked() {
        List<String> region = hospitals(2, 10);
        Transfer created = create(Acuity.ACUITY_PLANNED);
        Offer first = onlyOpenOffer(await(created, t -> openOffers(t) == 1));

        Transfer cascaded = await(created, t -> t.getOffersList().stream().anyMatch(o -> o.getHospitalId().equals(region.get(1))
                && o.getStatus() == OfferStatus.OFFER_STATUS_OPEN));
        assertEquals(OfferStatus.OFFER_STATUS_EXPIRED, cascaded.getOffersList().stream()
                .filter(o -> o.getOfferId().equals(first.getOfferId())).findFirst().orElseThrow().getStatus());
        assertStatus(Status.Code.FAILED_PRECONDITION, "expired", () -> respond(first.getHospitalId(), first.getOfferId(),
                RespondToOfferRequest.newBuilder().setAccept(AcceptAnswer.getDefaultInstance())));
    }

    @Test
    void answersAreCheckedAndAResentAnswerChangesNothing() {
        List<String> region = hospitals(2, 10);
        Transfer created = create(Acuity.ACUITY_PLANNED);
        Offer offer = onlyOpenOffer(await(created, t -> openOffers(t) == 1));

        assertStatus(Status.Code.PERMISSION_DENIED, "only that hospital", () -> respond(region.get(1), offer.getOfferId(),
                RespondToOfferRequest.newBuilder().setAccept(AcceptAnswer.getDefaultInstance())));
        assertStatus(Status.Code.NOT_FOUND, "not found", () -> respond(region.get(0), UUID.randomUUID().toString(),
                RespondToOfferRequest.newBuilder().setAccept(AcceptAnswer.getDefaultInstance())));
        assertStatus(Status.Code.INVALID_ARGUMENT, "answer", () -> respond(region.get(0), offer.getOfferId(),
                RespondToOfferRequest.newBuilder()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "decline.reason", () -> respond(region.get(0), offer.getOfferId(),
                RespondToOfferRequest.newBuilder().setDecline(DeclineAnswer.newBuilder().setText("full"))));

        RespondToOfferRequest accept = RespondToOfferRequest.newBuilder().setOfferId(offer.getOfferId())
                .setAccept(AcceptAnswer.getDefaultInstance()).setIdempotencyKey(UUID.randomUUID().toString()).build();
        Transfer accepted = as(staff(region.get(0))).respondToOffer(accept).getTransfer();
        assertEquals(TransferStatus.TRANSFER_STATUS_ACCEPTED, accepted.getStatus());
        assertEquals("Intubated", accepted.getClinicalNote(), "the destination reads the note once it accepted");
        assertEquals(TransferStatus.TRANSFER_STATUS_ACCEPTED, as(staff(region.get(0))).respondToOffer(accept).getTransfer().getStatus());
        assertStatus(Status.Code.FAILED_PRECONDITION, "already answered", () -> respond(region.get(0), offer.getOfferId(), decline()));
        long events = as(COORDINATOR).getTransfer(get(created)).getTransfer().getHistoryList().stream()
                .filter(e -> e.getStatus() == TransferStatus.TRANSFER_STATUS_ACCEPTED).count();
        assertEquals(1, events, "the resend wrote nothing");
    }

    /**
     * Answers that arrive together are decided in one transaction (TransferDecisions); each caller
     * still hears of its own: accepts, a decline, a resend racing its original, a refusal and an
     * unknown offer, all at the same instant.
     */
    @Test
    void answersArrivingTogetherAreEachDecidedOnTheirOwn() throws Exception {
        List<String> region = hospitals(2, 20);
        List<Transfer> created = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(create(Acuity.ACUITY_PLANNED));
        }
        List<Offer> offers = created.stream().map(t -> onlyOpenOffer(await(t, x -> openOffers(x) == 1))).toList();
        offers.forEach(o -> assertEquals(region.get(0), o.getHospitalId()));
        RespondToOfferRequest.Builder accept = RespondToOfferRequest.newBuilder().setAccept(AcceptAnswer.getDefaultInstance());
        RespondToOfferRequest firstAccept = accept.clone().setOfferId(offers.get(0).getOfferId())
                .setIdempotencyKey(UUID.randomUUID().toString()).build();

        List<java.util.function.Supplier<String>> calls = List.of(
                () -> answer(region.get(0), firstAccept),
                () -> answer(region.get(0), firstAccept),
                () -> answer(region.get(0), accept.clone().setOfferId(offers.get(1).getOfferId()).build()),
                () -> answer(region.get(0), accept.clone().setOfferId(offers.get(2).getOfferId()).build()),
                () -> answer(region.get(0), accept.clone().setOfferId(offers.get(3).getOfferId()).build()),
                () -> answer(region.get(0), decline().setOfferId(offers.get(4).getOfferId()).build()),
                () -> answer(region.get(1), accept.clone().setOfferId(offers.get(5).getOfferId()).build()),
                () -> answer(region.get(0), accept.clone().setOfferId(UUID.randomUUID().toString()).build()));
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<String>> running = calls.stream().map(call -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return call.get();
        })).toList();
        start.countDown();
        List<String> outcomes = running.stream().map(CompletableFuture::join).toList();

        assertEquals("TRANSFER_STATUS_ACCEPTED", outcomes.get(0));
        assertEquals("TRANSFER_STATUS_ACCEPTED", outcomes.get(1), "the resend is answered as its original");
        assertEquals(List.of("TRANSFER_STATUS_ACCEPTED", "TRANSFER_STATUS_ACCEPTED", "TRANSFER_STATUS_ACCEPTED"), outcomes.subList(2, 5));
        assertEquals("TRANSFER_STATUS_NEGOTIATING", outcomes.get(5), "a decline keeps the transfer negotiating");
        assertTrue(outcomes.get(6).startsWith("PERMISSION_DENIED") && outcomes.get(6).contains("only that hospital"), outcomes.get(6));
        assertTrue(outcomes.get(7).startsWith("NOT_FOUND"), outcomes.get(7));

        long accepted = as(COORDINATOR).getTransfer(get(created.get(0))).getTransfer().getHistoryList().stream()
                .filter(e -> e.getStatus() == TransferStatus.TRANSFER_STATUS_ACCEPTED).count();
        assertEquals(1, accepted, "the resend wrote nothing");
        assertEquals(TransferStatus.TRANSFER_STATUS_NEGOTIATING, as(COORDINATOR).getTransfer(get(created.get(5))).getTransfer().getStatus(),
                "the refused answer changed nothing");
        for (int i = 1; i < 4; i++) {
            assertEquals(region.get(0), as(COORDINATOR).getTransfer(get(created.get(i))).getTransfer().getDestinationHospitalId());
        }
    }

    /** The transfer's status after the answer, or the refusal's code and description. */
    String answer(String hospital, RespondToOfferRequest request) {
        try {
            return as(system(hospital)).respondToOffer(request.toBuilder().setIdempotencyKey(request.getIdempotencyKey().isEmpty()
                    ? UUID.randomUUID().toString() : request.getIdempotencyKey()).build()).getTransfer().getStatus().name();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
        }
    }

    @Test
    void afterAcceptanceTheTransportRunsToArrivalWhichConsumesTheHold() {
        List<String> region = hospitals(1, 10);
        Transfer created = create(Acuity.ACUITY_PLANNED);
        Offer offer = onlyOpenOffer(await(created, t -> openOffers(t) == 1));
        respond(region.get(0), offer.getOfferId(), RespondToOfferRequest.newBuilder().setAccept(AcceptAnswer.getDefaultInstance()));

        assertStatus(Status.Code.FAILED_PRECONDITION, "ACCEPTED", () -> transport(DISPATCHER, created, UpdateTransportRequest.newBuilder()
                .setArrived(Arrived.getDefaultInstance())));
        assertStatus(Status.Code.PERMISSION_DENIED, "the dispatch centre that handles it assigns crews", () -> transport(staff(origin), created,
                UpdateTransportRequest.newBuilder().setDeparted(Departed.getDefaultInstance())));
        Transfer assigned = transport(DISPATCHER, created, UpdateTransportRequest.newBuilder().setAssign(AssignCrew.newBuilder()
                .setCrewType(CrewType.CREW_TYPE_SMUR).setCallSign("SMUR 59-2")));
        assertEquals(TransferStatus.TRANSFER_STATUS_TRANSPORT_ASSIGNED, assigned.getStatus());
        assertEquals("SMUR 59-2", assigned.getTransport().getCallSign());
        assertEquals(TransferStatus.TRANSFER_STATUS_IN_TRANSIT, transport(DISPATCHER, created,
                UpdateTransportRequest.newBuilder().setDeparted(Departed.getDefaultInstance())).getStatus());
        // On the way: a new arrival time and the crew's position, stored and read back; the state stays.
        Instant eta = Instant.now().plusSeconds(1500).truncatedTo(ChronoUnit.SECONDS);
        GeoPoint nearLille = GeoPoint.newBuilder().setLatitude(50.61).setLongitude(3.02).build();
        assertStatus(Status.Code.INVALID_ARGUMENT, "progress", () -> transport(DISPATCHER, created,
                UpdateTransportRequest.newBuilder().setProgress(ReportProgress.getDefaultInstance())));
        assertStatus(Status.Code.INVALID_ARGUMENT, "latitude", () -> transport(DISPATCHER, created, UpdateTransportRequest.newBuilder()
                .setProgress(ReportProgress.newBuilder().setPosition(nearLille.toBuilder().setLatitude(91)))));
        assertStatus(Status.Code.PERMISSION_DENIED, "dispatch centre", () -> transport(staff(region.get(0)), created,
                UpdateTransportRequest.newBuilder().setProgress(ReportProgress.newBuilder().setPosition(nearLille))));
        transport(DISPATCHER, created, UpdateTransportRequest.newBuilder()
                .setProgress(ReportProgress.newBuilder().setEstimatedArrival(ProtoTime.timestamp(eta)).setPosition(nearLille)));
        Transfer underWay = as(COORDINATOR).getTransfer(get(created)).getTransfer();
        assertEquals(TransferStatus.TRANSFER_STATUS_IN_TRANSIT, underWay.getStatus());
        assertEquals(ProtoTime.timestamp(eta), underWay.getTransport().getEstimatedArrival());
        assertEquals(nearLille, underWay.getTransport().getLastPosition());
        assertEquals("SMUR 59-2", underWay.getTransport().getCallSign());
        assertTrue(underWay.getHistoryList().stream().anyMatch(e -> e.getReason().equals("estimated arrival " + eta)));
        assertEquals(TransferStatus.TRANSFER_STATUS_ARRIVED, transport(staff(region.get(0)), created,
                UpdateTransportRequest.newBuilder().setArrived(Arrived.getDefaultInstance())).getStatus());
        awaitTrue(() -> StandInCapacityService.holdsFor(created.getTransferId()).stream()
                .allMatch(h -> h.getStatus() == HoldStatus.HOLD_STATUS_CONSUMED), "the hold is consumed on arrival");
        assertStatus(Status.Code.FAILED_PRECONDITION, "ARRIVED", () -> as(COORDINATOR).cancelTransfer(CancelTransferRequest.newBuilder()
                .setTransferId(created.getTransferId()).setReason("too late").setIdempotencyKey(UUID.randomUUID().toString()).build()));
        assertEquals(TransferStatus.TRANSFER_STATUS_COMPLETED, transport(staff(region.get(0)), created,
                UpdateTransportRequest.newBuilder().setCompleted(Completed.getDefaultInstance())).getStatus());
        List<TransferStatus> path = as(COORDINATOR).getTransfer(get(created)).getTransfer().getHistoryList().stream()
                .map(e -> e.getStatus()).distinct().toList();
        assertEquals(List.of(TransferStatus.TRANSFER_STATUS_REQUESTED, TransferStatus.TRANSFER_STATUS_NEGOTIATING,
                TransferStatus.TRANSFER_STATUS_ACCEPTED, TransferStatus.TRANSFER_STATUS_TRANSPORT_ASSIGNED,
                TransferStatus.TRANSFER_STATUS_IN_TRANSIT, TransferStatus.TRANSFER_STATUS_ARRIVED,
                TransferStatus.TRANSFER_STATUS_COMPLETED), path);
    }

    @Test
    void cancellingWithdrawsTheOffersAndReleasesEveryHold() {
        hospitals(3, 10);
        Transfer created = create(Acuity.ACUITY_IMMEDIATE);
        await(created, t -> openOffers(t) == 3);

        Transfer cancelled = as(staff(origin)).cancelTransfer(CancelTransferRequest.newBuilder().setTransferId(created.getTransferId())
                .setReason("patient stabilised").setIdempotencyKey(UUID.randomUUID().toString()).build()).getTransfer();
        assertEquals(TransferStatus.TRANSFER_STATUS_CANCELLED, cancelled.getStatus());
        awaitTrue(() -> StandInCapacityService.holdsFor(created.getTransferId()).stream()
                .allMatch(h -> h.getStatus() == HoldStatus.HOLD_STATUS_RELEASED), "every hold released");
        assertTrue(as(COORDINATOR).getTransfer(get(created)).getTransfer().getOffersList().stream()
                .allMatch(o -> o.getStatus() == OfferStatus.OFFER_STATUS_WITHDRAWN));
    }

    @Test
    void whileCapacityServiceIsDownRequestsWaitVisiblyTheBreakerOpensAndNegotiationResumesByItself() {
        hospitals(2, 10);
        StandInCapacityService.DOWN.set(true);
        Transfer created = create(Acuity.ACUITY_URGENT);
        assertEquals(TransferStatus.TRANSFER_STATUS_REQUESTED, created.getStatus(), "accepted while capacity-service is down");

        Transfer waiting = await(created, t -> t.getWaitingReason().contains("circuit breaker"));
        assertEquals(TransferStatus.TRANSFER_STATUS_REQUESTED, waiting.getStatus());
        // With the breaker open, calls stop reaching capacity-service: over the next second the
        // transfer retries about five times (3 attempts each with the breaker closed), yet at most a
        // half-open trial gets through.
        int reached = StandInCapacityService.REFUSED_WHILE_DOWN.get();
        Instant window = Instant.now().plusSeconds(1);
        while (Instant.now().isBefore(window)) {
            assertTrue(StandInCapacityService.REFUSED_WHILE_DOWN.get() - reached <= 3, "calls kept reaching a service behind an open breaker: "
                    + (StandInCapacityService.REFUSED_WHILE_DOWN.get() - reached));
            sleep();
        }
        Transfer stillWaiting = as(COORDINATOR).getTransfer(get(created)).getTransfer();
        assertEquals(TransferStatus.TRANSFER_STATUS_REQUESTED, stillWaiting.getStatus());
        assertTrue(stillWaiting.getOffersList().isEmpty(), "no bed invented while capacity-service is down");

        StandInCapacityService.DOWN.set(false);
        Transfer resumed = await(created, t -> openOffers(t) == 2);
        assertEquals(TransferStatus.TRANSFER_STATUS_NEGOTIATING, resumed.getStatus());
        assertEquals("", resumed.getWaitingReason());
    }

    @Test
    void aCoordinatorDirectsATransferToOneHospitalAndReopeningForgetsTheDeclines() {
        List<String> region = hospitals(3, 10);
        Transfer created = create(Acuity.ACUITY_PLANNED);
        Offer first = onlyOpenOffer(await(created, t -> openOffers(t) == 1));
        respond(first.getHospitalId(), first.getOfferId(), decline());
        await(created, t -> openOffers(t) == 1 && !onlyOpenOffer(t).getOfferId().equals(first.getOfferId()));

        Transfer directed = as(COORDINATOR).directTransfer(DirectTransferRequest.newBuilder().setTransferId(created.getTransferId())
                .setHospitalId(region.get(2)).setReason("agreed by phone with the ICU").setIdempotencyKey(UUID.randomUUID().toString())
                .build()).getTransfer();
        assertEquals(TransferStatus.TRANSFER_STATUS_NEGOTIATING, directed.getStatus());
        Offer toDirected = onlyOpenOffer(await(created, t -> openOffers(t) == 1 && onlyOpenOffer(t).getHospitalId().equals(region.get(2))));
        respond(toDirected.getHospitalId(), toDirected.getOfferId(), decline());
        Transfer unplaced = await(created, t -> t.getStatus() == TransferStatus.TRANSFER_STATUS_UNPLACED);
        assertTrue(unplaced.getWaitingReason().contains(region.get(2)), unplaced.getWaitingReason());

        // Re-opened, the hospitals that declined before may be asked again: the nearest first.
        as(COORDINATOR).reopenTransfer(ReopenTransferRequest.newBuilder().setTransferId(created.getTransferId())
                .setReason("beds freed after the morning round").setIdempotencyKey(UUID.randomUUID().toString()).build());
        assertEquals(region.get(0), onlyOpenOffer(await(created, t -> openOffers(t) == 1
                && t.getStatus() == TransferStatus.TRANSFER_STATUS_NEGOTIATING)).getHospitalId());
        assertStatus(Status.Code.PERMISSION_DENIED, "", () -> as(staff(origin)).reopenTransfer(ReopenTransferRequest.newBuilder()
                .setTransferId(created.getTransferId()).setReason("x").setIdempotencyKey(UUID.randomUUID().toString()).build()));
    }

    // ---- helpers --------------------------------------------------------------------------

    /** n hospitals of this test, the first nearest, each with free ADULT_ICU beds. */
    List<String> hospitals(int n, int freeBeds) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "59" + IDS.incrementAndGet();
            StandInCapacityService.offer(origin, id, 10 + 5 * i, freeBeds);
            ids.add(id);
        }
        return ids;
    }

    Transfer create(Acuity acuity) {
        return as(staff(origin)).createTransfer(CreateTransferRequest.newBuilder()
                .setOrigin(Origin.newBuilder().setHospitalId(origin))
                .setRequirements(TransferRequirements.newBuilder().setPatientReference("P-" + UUID.randomUUID())
                        .setAgeBand(AgeBand.AGE_BAND_ADULT).setBedCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                        .setAcuity(acuity).setMaxTravelMinutes(90))
                .setClinicalNote("Intubated")
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getTransfer();
    }

    static RespondToOfferRequest.Builder decline() {
        return RespondToOfferRequest.newBuilder().setDecline(DeclineAnswer.newBuilder()
                .setReason(DeclineReason.DECLINE_REASON_NO_STAFF));
    }

    void respond(String hospital, String offerId, RespondToOfferRequest.Builder answer) {
        as(system(hospital)).respondToOffer(answer.setOfferId(offerId).setIdempotencyKey(UUID.randomUUID().toString()).build());
    }

    Transfer transport(String token, Transfer transfer, UpdateTransportRequest.Builder step) {
        return as(token).updateTransport(step.setTransferId(transfer.getTransferId())
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getTransfer();
    }

    BlockingQueue<WatchOffersResponse> watchOffers(String hospital, long after) {
        BlockingQueue<WatchOffersResponse> seen = new LinkedBlockingQueue<>();
        streams.withCallCredentials(new BearerToken(system(hospital)))
                .watchOffers(WatchOffersRequest.newBuilder().setAfterPosition(after).build())
                .subscribe().with(seen::add, failure -> System.err.println("watchOffers failed: " + failure));
        return seen;
    }

    static long openOffers(Transfer t) {
        return t.getOffersList().stream().filter(o -> o.getStatus() == OfferStatus.OFFER_STATUS_OPEN).count();
    }

    static Offer onlyOpenOffer(Transfer t) {
        return t.getOffersList().stream().filter(o -> o.getStatus() == OfferStatus.OFFER_STATUS_OPEN).findFirst().orElseThrow();
    }

    /** Polls the transfer (as a coordinator: offers and history included) until it matches. */
    Transfer await(Transfer transfer, Predicate<Transfer> condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        Transfer last = null;
        while (Instant.now().isBefore(deadline)) {
            last = as(COORDINATOR).getTransfer(get(transfer)).getTransfer();
            if (condition.test(last)) {
                return last;
            }
            sleep();
        }
        fail("transfer never reached the expected state; last seen: " + last);
        return null;
    }

    private io.micrometer.core.instrument.Timer phase(String phase) {
        return meters.get("renfort.negotiation.phase").tag("phase", phase).timer();
    }

    static void awaitTrue(Supplier<Boolean> condition, String what) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            sleep();
        }
        fail("never happened: " + what);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static GetTransferRequest get(Transfer t) {
        return GetTransferRequest.newBuilder().setTransferId(t.getTransferId()).build();
    }

    static String staff(String hospital) {
        return TestTokens.hospital("staff-" + hospital, "hospital-staff", hospital);
    }

    static String system(String hospital) {
        return TestTokens.hospital("system-" + hospital, "hospital-system", hospital);
    }

    TransferServiceBlockingStub as(String token) {
        return transfers.withCallCredentials(new BearerToken(token));
    }

    static void assertStatus(Status.Code code, String fragment, org.junit.jupiter.api.function.Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().getDescription());
        assertTrue(String.valueOf(e.getStatus().getDescription()).contains(fragment),
                "'" + e.getStatus().getDescription() + "' should mention '" + fragment + "'");
    }
}
