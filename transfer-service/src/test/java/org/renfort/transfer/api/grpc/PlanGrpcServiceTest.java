package org.renfort.transfer.api.grpc;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.plan.v1.ApprovePlanRequest;
import org.renfort.proto.plan.v1.ApprovePlanResponse;
import org.renfort.proto.plan.v1.Assignment;
import org.renfort.proto.plan.v1.AssignmentStatus;
import org.renfort.proto.plan.v1.GetPlanRequest;
import org.renfort.proto.plan.v1.HospitalShare;
import org.renfort.proto.plan.v1.MutinyPlanServiceGrpc.MutinyPlanServiceStub;
import org.renfort.proto.plan.v1.PatientGroup;
import org.renfort.proto.plan.v1.Plan;
import org.renfort.proto.plan.v1.PlanRedistributionRequest;
import org.renfort.proto.plan.v1.PlanRules;
import org.renfort.proto.plan.v1.PlanServiceGrpc.PlanServiceBlockingStub;
import org.renfort.proto.plan.v1.UnplacedReason;
import org.renfort.proto.plan.v1.WatchPlanRequest;
import org.renfort.proto.plan.v1.WatchPlanResponse;
import org.renfort.proto.plan.v1.WhenRefused;
import org.renfort.proto.transfer.v1.AcceptAnswer;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.transfer.v1.DeclineAnswer;
import org.renfort.proto.transfer.v1.DeclineReason;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.Offer;
import org.renfort.proto.transfer.v1.OfferStatus;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.Transfer;
import org.renfort.proto.transfer.v1.TransferServiceGrpc.TransferServiceBlockingStub;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;
import org.renfort.testsupport.standin.StandInCapacityService;
import org.renfort.transfer.ServiceTokenStub;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Redistribution plans over real gRPC, on PostgreSQL, with the stand-in capacity-service as the
 * regional picture: each test draws its own small region somewhere of its own (two degrees of
 * latitude apart, out of reach of every other test's hospitals).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_transfer"))
class PlanGrpcServiceTest {
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");
    private static final AtomicInteger IDS = new AtomicInteger(8_700_000);
    private static final AtomicInteger AREAS = new AtomicInteger();
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @OidcWireMock
    WireMockServer oidc;

    @GrpcClient("transfer")
    PlanServiceBlockingStub plans;

    @GrpcClient("transfer")
    MutinyPlanServiceStub planStreams;

    @GrpcClient("transfer")
    TransferServiceBlockingStub transfers;

    @GrpcClient("transfer")
    AuditServiceBlockingStub audit;

    private String origin;
    private double latitude;
    private final double longitude = 8.0;

    @BeforeEach
    void anAreaOfItsOwn() {
        ServiceTokenStub.register(oidc);
        StandInCapacityService.DOWN.set(false);
        latitude = -60 + 2.0 * AREAS.incrementAndGet();
        origin = "59" + IDS.incrementAndGet();
        // In the regional picture (the stand-in's lists hospitals with beds), with none free.
        StandInCapacityService.offer(origin, origin, 0, 0);
        StandInCapacityService.locate(origin, latitude, longitude);
    }

    @Test
    void aPlanIsComputedOnTheLivePictureStoredAndReadAgain() {
        String near = partner(0.1, 2);
        String farther = partner(0.2, 3);
        PlanRedistributionRequest request = request(rules(100),
                group("icu", 4, 60),
                group("too-far", 1, 5));

        Plan plan = as(COORDINATOR).planRedistribution(request).getPlan();

        assertTrue(plan.getProvenOptimal());
        assertEquals(4, plan.getOptimal().getPlaced());
        assertEquals(1, plan.getOptimal().getUnplaced());
        assertEquals(Map.of(near, 2, farther, 2), plan.getLoadList().stream()
                .collect(Collectors.toMap(l -> l.getHospitalId(), l -> l.getPatients())));
        assertEquals(5, plan.getAssignmentsCount());
        Assignment unplaced = plan.getAssignmentsList().stream().filter(a -> a.getGroupReference().equals("too-far"))
                .findFirst().orElseThrow();
        assertEquals(UnplacedReason.UNPLACED_REASON_NO_BED_WITHIN_REACH, unplaced.getUnplacedReason());
        assertEquals(AssignmentStatus.ASSIGNMENT_STATUS_UNPLACED, unplaced.getStatus());
        assertEquals(4, plan.getProgress().getPlanned());
        assertTrue(plan.getAssignmentsList().stream().allMatch(a -> a.getPatientReference().contains("-icu-")
                || a.getPatientReference().contains("-too-far-")), "the plan numbers the patients of each group");
        assertTrue(plan.getGreedy().getPlaced() <= plan.getOptimal().getPlaced());
        assertTrue(plan.getRegion().getPartners() >= 2);
        // The origin is being evacuated: it receives nobody.
        assertTrue(plan.getAssignmentsList().stream().noneMatch(a -> a.getHospitalId().equals(origin)));

        Plan read = as(COORDINATOR).getPlan(GetPlanRequest.newBuilder().setPlanId(plan.getPlanId()).build()).getPlan();
        assertEquals(plan.getAssignmentsList(), read.getAssignmentsList());
        assertEquals(plan.getOptimal(), read.getOptimal());

        assertEquals(plan.getPlanId(), as(COORDINATOR).planRedistribution(request).getPlan().getPlanId(),
                "a resend returns the first plan");
        PlanRedistributionRequest reused = request.toBuilder().setRules(rules(50)).build();
        assertStatus(Status.Code.INVALID_ARGUMENT, "idempotency_key", () -> as(COORDINATOR).planRedistribution(reused));
        assertTrue(audit.withCallCredentials(new BearerToken(COORDINATOR))
                .listAuditEvents(ListAuditEventsRequest.newBuilder().setAction("PlanRedistribution").setLimit(500).build())
                .getEventsList().stream().anyMatch(e -> e.getTarget().equals(plan.getPlanId())), "who planned is audited");
    }

    @Test
    void aPreferredHospitalComesFirstAndStaysPreferredInTheTransfer() {
        partner(0.1, 1);
        String preferred = partner(0.3, 1);
        Plan plan = as(COORDINATOR).planRedistribution(request(rules(100),
                group("icu", 1, 60).toBuilder().addPreferredHospitalIds(preferred).build())).getPlan();
        assertEquals(preferred, plan.getAssignments(0).getHospitalId(), "farther, but preferred");

        Plan approved = as(COORDINATOR).approvePlan(ApprovePlanRequest.newBuilder().setPlanId(plan.getPlanId())
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getPlan();
        assertEquals(List.of(preferred), transfer(approved.getAssignments(0).getTransferId()).getRequirements()
                .getPreferredHospitalIdsList());
    }

    @Test
    void theUsableShareKeepsBedsForEachPartnersOwnEmergencies() {
        String near = partner(0.1, 5);
        String farther = partner(0.2, 5);
        Plan plan = as(COORDINATOR).planRedistribution(request(rules(60).toBuilder()
                .addHospitalShares(HospitalShare.newBuilder().setHospitalId(farther).setUsablePercent(0)).build(),
                group("icu", 5, 60))).getPlan();

        assertEquals(3, plan.getOptimal().getPlaced(), "60 % of 5 free beds at the only usable partner");
        assertTrue(plan.getAssignmentsList().stream().filter(a -> !a.getHospitalId().isEmpty())
                .allMatch(a -> a.getHospitalId().equals(near)));
        assertEquals(2, plan.getAssignmentsList().stream()
                .filter(a -> a.getUnplacedReason() == UnplacedReason.UNPLACED_REASON_BEDS_TAKEN).count(),
                "usable beds within reach exist; other patients of the plan took them");
    }

    @Test
    void anApprovedPlanOffersEachPatientToItsPlannedHospitalAndARefusalFallsBackToTheRegion() throws Exception {
        String near = partner(0.1, 1);
        String farther = partner(0.2, 2);
        // Found by the region's negotiation, but kept out of the plan by its share.
        String reserve = partner(0.15, 1);
        Plan plan = as(COORDINATOR).planRedistribution(request(rules(100).toBuilder()
                .addHospitalShares(HospitalShare.newBuilder().setHospitalId(reserve).setUsablePercent(0)).build(),
                group("icu", 2, 60))).getPlan();
        assertEquals(2, plan.getOptimal().getPlaced());

        BlockingQueue<WatchPlanResponse> progress = new LinkedBlockingQueue<>();
        planStreams.withCallCredentials(new BearerToken(COORDINATOR))
                .watchPlan(WatchPlanRequest.newBuilder().setPlanId(plan.getPlanId()).build())
                .subscribe().with(progress::add, failure -> System.err.println("watchPlan failed: " + failure));

        ApprovePlanRequest approval = ApprovePlanRequest.newBuilder().setPlanId(plan.getPlanId())
                .setWhenRefused(WhenRefused.WHEN_REFUSED_NEGOTIATE).setIdempotencyKey(UUID.randomUUID().toString()).build();
        ApprovePlanResponse approved = as(COORDINATOR).approvePlan(approval);
        assertEquals(2, approved.getTransfersCreated());
        assertEquals(2, approved.getPlan().getProgress().getOffered());
        assertEquals(2, as(COORDINATOR).approvePlan(approval).getTransfersCreated(), "a resent approval creates nothing new");
        assertStatus(Status.Code.FAILED_PRECONDITION, "already approved", () -> as(COORDINATOR).approvePlan(
                approval.toBuilder().setIdempotencyKey(UUID.randomUUID().toString()).build()));

        Assignment toNear = assignmentAt(approved.getPlan(), near);
        Assignment toFarther = assignmentAt(approved.getPlan(), farther);
        Offer nearOffer = openOffer(toNear.getTransferId(), near);
        Offer fartherOffer = openOffer(toFarther.getTransferId(), farther);
        assertEquals(1, transfer(toNear.getTransferId()).getOffersCount(), "a directed offer goes to the planned hospital only");

        respond(near, nearOffer, RespondToOfferRequest.newBuilder().setAccept(AcceptAnswer.getDefaultInstance()));
        respond(farther, fartherOffer, RespondToOfferRequest.newBuilder().setDecline(DeclineAnswer.newBuilder()
                .setReason(DeclineReason.DECLINE_REASON_NO_STAFF)));
        Offer reserveOffer = openOffer(toFarther.getTransferId(), reserve);
        respond(reserve, reserveOffer, RespondToOfferRequest.newBuilder().setAccept(AcceptAnswer.getDefaultInstance()));

        Plan done = await(plan.getPlanId(), p -> p.getProgress().getAccepted() == 2);
        assertEquals(reserve, assignmentNumber(done, toFarther.getNumber()).getDestinationHospitalId(),
                "the assignment says where the patient finally goes");
        assertEquals("", assignmentNumber(done, toNear.getNumber()).getDestinationHospitalId());
        awaitTrue(() -> progress.stream().anyMatch(m -> m.getProgress().getAccepted() == 2), "the stream shows both accepted");
        WatchPlanResponse first = progress.peek();
        assertEquals(2, first.getChangedCount(), "the first message carries every patient");
    }

    @Test
    void anApprovedPlansOffersAreOpenedTogetherWithThePlannedTravelTimeAndFewHoldCalls() {
        for (int i = 0; i < 4; i++) {
            String id = "59" + IDS.incrementAndGet();
            // The stand-in's FindBeds would say 1 minute; the plan's road model says ~15 to ~60.
            StandInCapacityService.offer(origin, id, 1, 10);
            StandInCapacityService.locate(id, latitude + 0.1 * (i + 1), longitude);
        }
        Plan plan = as(COORDINATOR).planRedistribution(request(rules(100), group("icu", 40, 120))).getPlan();
        assertEquals(40, plan.getOptimal().getPlaced());
        int calls = StandInCapacityService.PLACE_HOLDS_CALLS.get();
        int holds = StandInCapacityService.HOLDS_IN_PLACE_HOLDS.get();

        as(COORDINATOR).approvePlan(ApprovePlanRequest.newBuilder().setPlanId(plan.getPlanId())
                .setIdempotencyKey(UUID.randomUUID().toString()).build());
        awaitTrue(() -> StandInCapacityService.HOLDS_IN_PLACE_HOLDS.get() - holds >= 40, "40 holds placed");

        int callsMade = StandInCapacityService.PLACE_HOLDS_CALLS.get() - calls;
        assertTrue(callsMade <= 10, "40 holds in " + callsMade + " calls: rounds run together and share calls");
        Assignment first = as(COORDINATOR).getPlan(GetPlanRequest.newBuilder().setPlanId(plan.getPlanId()).build())
                .getPlan().getAssignments(0);
        assertTrue(first.getTravelMinutes() > 1);
        assertEquals(first.getTravelMinutes(), openOffer(first.getTransferId(), first.getHospitalId()).getTravelMinutes(),
                "the plan's travel time, not a new search");
    }

    @Test
    void whenRefusedCanWaitForACoordinatorInstead() {
        String near = partner(0.1, 1);
        partner(0.15, 1);
        Plan plan = as(COORDINATOR).planRedistribution(request(rules(100), group("icu", 1, 60))).getPlan();
        assertEquals(near, plan.getAssignments(0).getHospitalId());
        Plan approved = as(COORDINATOR).approvePlan(ApprovePlanRequest.newBuilder().setPlanId(plan.getPlanId())
                .setWhenRefused(WhenRefused.WHEN_REFUSED_WAIT_FOR_COORDINATOR)
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getPlan();
        Assignment a = approved.getAssignments(0);
        respond(a.getHospitalId(), openOffer(a.getTransferId(), a.getHospitalId()), RespondToOfferRequest.newBuilder()
                .setDecline(DeclineAnswer.newBuilder().setReason(DeclineReason.DECLINE_REASON_NO_BED)));

        Plan after = await(plan.getPlanId(), p -> p.getProgress().getUnplaced() == 1);
        assertEquals(AssignmentStatus.ASSIGNMENT_STATUS_UNPLACED, after.getAssignments(0).getStatus());
        assertEquals(1, transfer(a.getTransferId()).getOffersCount(), "no other hospital was asked");
    }

    @Test
    void partialApprovalTakesTheNamedGroupsOnly() {
        partner(0.1, 3);
        Plan plan = as(COORDINATOR).planRedistribution(request(rules(100), group("first", 1, 60), group("second", 2, 60)))
                .getPlan();
        ApprovePlanResponse approved = as(COORDINATOR).approvePlan(ApprovePlanRequest.newBuilder().setPlanId(plan.getPlanId())
                .addGroupReferences("second").setIdempotencyKey(UUID.randomUUID().toString()).build());
        assertEquals(2, approved.getTransfersCreated());
        assertEquals(1, approved.getPlan().getProgress().getPlanned());
        assertEquals(2, approved.getPlan().getProgress().getOffered());

        assertStatus(Status.Code.INVALID_ARGUMENT, "group_references[0]", () -> as(COORDINATOR).approvePlan(
                ApprovePlanRequest.newBuilder().setPlanId(plan.getPlanId()).addGroupReferences("third")
                        .setIdempotencyKey(UUID.randomUUID().toString()).build()));
        ApprovePlanResponse rest = as(COORDINATOR).approvePlan(ApprovePlanRequest.newBuilder().setPlanId(plan.getPlanId())
                .setIdempotencyKey(UUID.randomUUID().toString()).build());
        assertEquals(1, rest.getTransfersCreated(), "an approval naming no group takes those left");
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndStoreNothing() {
        partner(0.1, 2);
        String key = UUID.randomUUID().toString();
        assertStatus(Status.Code.INVALID_ARGUMENT, "groups", () -> as(COORDINATOR).planRedistribution(
                PlanRedistributionRequest.newBuilder().setIdempotencyKey(key).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "count", () -> as(COORDINATOR).planRedistribution(
                request(rules(100), group("icu", 0, 60)).toBuilder().setIdempotencyKey(key).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "usable_percent", () -> as(COORDINATOR).planRedistribution(
                request(rules(150), group("icu", 1, 60)).toBuilder().setIdempotencyKey(key).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "groups[1].reference", () -> as(COORDINATOR).planRedistribution(
                request(rules(100), group("icu", 1, 60), group("icu", 1, 60)).toBuilder().setIdempotencyKey(key).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "patient_references", () -> as(COORDINATOR).planRedistribution(
                request(rules(100), group("icu", 2, 60).toBuilder().addPatientReferences("P-000001").build())
                        .toBuilder().setIdempotencyKey(key).build()));
        assertStatus(Status.Code.NOT_FOUND, "groups[0].excluded_hospital_ids", () -> as(COORDINATOR).planRedistribution(
                request(rules(100), group("icu", 1, 60).toBuilder().addExcludedHospitalIds("599999990").build())
                        .toBuilder().setIdempotencyKey(key).build()));
        String hospital = TestTokens.hospital("staff-" + origin, "hospital-staff", origin);
        assertStatus(Status.Code.PERMISSION_DENIED, "", () -> as(hospital).planRedistribution(
                request(rules(100), group("icu", 1, 60)).toBuilder().setIdempotencyKey(key).build()));
        assertStatus(Status.Code.NOT_FOUND, "plan", () -> as(COORDINATOR).getPlan(
                GetPlanRequest.newBuilder().setPlanId(UUID.randomUUID().toString()).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "plan_id", () -> as(COORDINATOR).getPlan(
                GetPlanRequest.newBuilder().setPlanId("not-a-uuid").build()));

        // Nothing was stored under the key of the refused calls: it still plans.
        Plan plan = as(COORDINATOR).planRedistribution(request(rules(100), group("icu", 1, 60)).toBuilder()
                .setIdempotencyKey(key).build()).getPlan();
        assertEquals(1, plan.getOptimal().getPlaced());
    }

    @Test
    void withoutTheRegionalPictureThereIsNoPlanAndTheCallSaysWhy() {
        partner(0.1, 2);
        StandInCapacityService.DOWN.set(true);
        try {
            assertStatus(Status.Code.UNAVAILABLE, "regional picture", () -> as(COORDINATOR).planRedistribution(
                    request(rules(100), group("icu", 1, 60))));
        } finally {
            StandInCapacityService.DOWN.set(false);
        }
    }

    // ---- the region of each test ----------------------------------------------------------------

    /** A hospital {@code degreesNorth} of the origin (0.1 degree: about 15 minutes by road) with free ADULT_ICU beds. */
    private String partner(double degreesNorth, int freeBeds) {
        String id = "59" + IDS.incrementAndGet();
        StandInCapacityService.offer(origin, id, (int) Math.round(degreesNorth * 150), freeBeds);
        StandInCapacityService.locate(id, latitude + degreesNorth, longitude);
        return id;
    }

    private static PlanRules rules(int usablePercent) {
        return PlanRules.newBuilder().setUsablePercent(usablePercent).build();
    }

    private PatientGroup group(String reference, int count, int maxTravelMinutes) {
        return PatientGroup.newBuilder().setReference(reference).setOrigin(Origin.newBuilder().setHospitalId(origin))
                .setCount(count).setBedCategory(BedCategory.BED_CATEGORY_ADULT_ICU).setAcuity(Acuity.ACUITY_URGENT)
                .setAgeBand(AgeBand.AGE_BAND_ADULT).setMaxTravelMinutes(maxTravelMinutes).build();
    }

    private static PlanRedistributionRequest request(PlanRules rules, PatientGroup... groups) {
        return PlanRedistributionRequest.newBuilder().addAllGroups(List.of(groups)).setRules(rules)
                .setIdempotencyKey(UUID.randomUUID().toString()).build();
    }

    private static Assignment assignmentAt(Plan plan, String hospital) {
        return plan.getAssignmentsList().stream().filter(a -> a.getHospitalId().equals(hospital)).findFirst().orElseThrow();
    }

    private static Assignment assignmentNumber(Plan plan, int number) {
        return plan.getAssignmentsList().stream().filter(a -> a.getNumber() == number).findFirst().orElseThrow();
    }

    private Transfer transfer(String id) {
        return transfers.withCallCredentials(new BearerToken(COORDINATOR))
                .getTransfer(GetTransferRequest.newBuilder().setTransferId(id).build()).getTransfer();
    }

    /** Waits for the transfer's open offer at that hospital (its bed held). */
    private Offer openOffer(String transferId, String hospital) {
        Offer[] found = new Offer[1];
        awaitTrue(() -> {
            found[0] = transfer(transferId).getOffersList().stream()
                    .filter(o -> o.getStatus() == OfferStatus.OFFER_STATUS_OPEN && o.getHospitalId().equals(hospital))
                    .findFirst().orElse(null);
            return found[0] != null;
        }, "an open offer at " + hospital + " for " + transferId);
        return found[0];
    }

    private void respond(String hospital, Offer offer, RespondToOfferRequest.Builder answer) {
        String system = TestTokens.hospital("system-" + hospital, "hospital-system", hospital);
        transfers.withCallCredentials(new BearerToken(system)).respondToOffer(answer.setOfferId(offer.getOfferId())
                .setIdempotencyKey(UUID.randomUUID().toString()).build());
    }

    private Plan await(String planId, Predicate<Plan> condition) {
        Plan[] last = new Plan[1];
        awaitTrue(() -> condition.test(last[0] = as(COORDINATOR).getPlan(GetPlanRequest.newBuilder().setPlanId(planId).build())
                .getPlan()), "the plan's expected progress");
        return last[0];
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        fail("never happened: " + what);
    }

    private PlanServiceBlockingStub as(String token) {
        return plans.withCallCredentials(new BearerToken(token));
    }

    private static void assertStatus(Status.Code code, String descriptionPart, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "description: " + e.getStatus().getDescription());
        String description = String.valueOf(e.getStatus().getDescription());
        assertTrue(description.contains(descriptionPart), () -> "'" + description + "' should mention '" + descriptionPart + "'");
    }
}
