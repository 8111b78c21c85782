package org.renfort.capacity.api.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.FacilityStatus;
import org.renfort.proto.capacity.v1.GetHospitalCapacityRequest;
import org.renfort.proto.capacity.v1.GetHospitalRequest;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalCapacity;
import org.renfort.proto.capacity.v1.HospitalKind;
import org.renfort.proto.capacity.v1.HospitalStatus;
import org.renfort.proto.capacity.v1.EmergencyDepartmentStatus;
import org.renfort.proto.capacity.v1.CrisisPlanLevel;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.capacity.v1.PublishCapacityResponse;
import org.renfort.proto.capacity.v1.ReportSource;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.Capability;
import org.renfort.proto.common.v1.GeoPoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.renfort.testsupport.Eventually.eventually;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
public class CapacityGrpcServiceTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger(1_000_000);

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @GrpcClient("capacity")
    org.renfort.proto.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub audit;

    private String hospitalId;

    @BeforeEach
    void registerHospital() {
        hospitalId = "59" + SEQUENCE.incrementAndGet();
        as(TestTokens.user("coordinator", "coordinator")).createHospital(CreateHospitalRequest.newBuilder()
                .setHospital(hospital(hospitalId)).setIdempotencyKey(UUID.randomUUID().toString()).build());
    }

    /** Benchmarks and dashboards read a call's percentiles from the buckets, on both sides of the call. */
    @Test
    void rpcDurationsArePublishedWithHistogramBucketsPerMethod() {
        String metrics = io.restassured.RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("grpc_server_processing_duration_seconds_bucket{")
                && l.contains("method=\"CreateHospital\"") && l.contains("le=\"0.001\"")), "served calls' buckets");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("grpc_client_processing_duration_seconds_bucket{")
                && l.contains("method=\"CreateHospital\"")), "calls made (this test's client)");
    }

    @Test
    void hospitalSystemPublishesForItsOwnHospitalAndEveryRoleReadsIt() {
        PublishCapacityResponse published = as(system(hospitalId)).publishCapacity(report(hospitalId, Instant.now(), 10, 6, 3));

        assertEquals(ReportSource.REPORT_SOURCE_HOSPITAL_SYSTEM, published.getSource());
        HospitalCapacity read = as(TestTokens.user("dispatcher", "dispatcher"))
                .getHospitalCapacity(GetHospitalCapacityRequest.newBuilder().setHospitalId(hospitalId).build())
                .getCapacity();
        assertEquals(1, read.getCategoriesCount());
        assertEquals(3, read.getCategories(0).getBeds().getAvailable());
        assertEquals(BedCategory.BED_CATEGORY_ADULT_ICU, read.getCategories(0).getBeds().getCategory());
        assertFalse(read.getCategories(0).getFreshness().getStale());
        assertEquals(FacilityStatus.FACILITY_STATUS_NORMAL, read.getStatus().getFacilityStatus());
    }

    @Test
    void coordinatorPublishesOnBehalfAndTheSourceSaysSo() {
        PublishCapacityResponse published = as(TestTokens.user("coordinator", "coordinator"))
                .publishCapacity(report(hospitalId, Instant.now(), 10, 2, 8));
        assertEquals(ReportSource.REPORT_SOURCE_COORDINATOR_ON_BEHALF, published.getSource());
    }

    @Test
    void aHospitalPrincipalCannotPublishForAnotherHospitalAndNothingIsStored() {
        String other = "59" + SEQUENCE.incrementAndGet();
        assertStatus(Status.Code.PERMISSION_DENIED, "may not publish capacity for " + hospitalId,
                () -> as(system(other)).publishCapacity(report(hospitalId, Instant.now(), 10, 6, 3)));
        assertEquals(0, currentCapacity().getCategoriesCount());
    }

    @Test
    void aHospitalPrincipalWithoutHospitalClaimIsDenied() {
        assertStatus(Status.Code.PERMISSION_DENIED, "hospital_id claim",
                () -> as(TestTokens.user("staff-nowhere", "hospital-staff"))
                        .publishCapacity(report(hospitalId, Instant.now(), 10, 6, 3)));
    }

    @Test
    void aHospitalClaimThatIsNotAFinessNumberIsDenied() {
        assertStatus(Status.Code.PERMISSION_DENIED, "hospital_id claim is not a FINESS number",
                () -> as(TestTokens.hospital("system-forged", "hospital-system", "not-finess"))
                        .publishCapacity(report(hospitalId, Instant.now(), 10, 6, 3)));
        assertEquals(0, currentCapacity().getCategoriesCount());
    }

    @Test
    void inconsistentCountsAreRefusedByRuleAndNothingIsStored() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "occupied <= staffed",
                () -> as(system(hospitalId)).publishCapacity(report(hospitalId, Instant.now(), 5, 6, 0)));
        assertStatus(Status.Code.INVALID_ARGUMENT, "available <= staffed - occupied",
                () -> as(system(hospitalId)).publishCapacity(report(hospitalId, Instant.now(), 10, 6, 5)));
        assertStatus(Status.Code.INVALID_ARGUMENT, "beds[0].occupied: must be greater than or equal to 0",
                () -> as(system(hospitalId)).publishCapacity(report(hospitalId, Instant.now(), 10, -1, 0)));
        assertEquals(0, currentCapacity().getCategoriesCount());
    }

    @Test
    void anOlderReportIsRefusedAsStaleAndNeverOverwritesNewerData() {
        Instant now = Instant.now();
        as(system(hospitalId)).publishCapacity(report(hospitalId, now, 10, 6, 3));
        assertStatus(Status.Code.FAILED_PRECONDITION, "stale report",
                () -> as(system(hospitalId)).publishCapacity(report(hospitalId, now.minusSeconds(60), 10, 9, 1)));
        assertEquals(3, currentCapacity().getCategories(0).getBeds().getAvailable());
    }

    @Test
    void aResentReportChangesNothingAndReturnsTheFirstReportId() {
        PublishCapacityRequest request = report(hospitalId, Instant.now(), 10, 6, 3);
        PublishCapacityResponse first = as(system(hospitalId)).publishCapacity(request);
        PublishCapacityResponse again = as(system(hospitalId)).publishCapacity(request);
        assertEquals(first.getReportId(), again.getReportId());

        PublishCapacityRequest reused = request.toBuilder().setBeds(0, request.getBeds(0).toBuilder().setAvailable(1)).build();
        assertStatus(Status.Code.INVALID_ARGUMENT, "idempotency_key",
                () -> as(system(hospitalId)).publishCapacity(reused));
    }

    @Test
    void unknownHospitalIsNotFoundAndMalformedIdentifierNamesTheField() {
        assertStatus(Status.Code.NOT_FOUND, "hospital 599999999 not found",
                () -> as(TestTokens.user("coordinator", "coordinator"))
                        .getHospital(GetHospitalRequest.newBuilder().setHospitalId("599999999").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "hospital_id",
                () -> as(TestTokens.user("coordinator", "coordinator"))
                        .getHospital(GetHospitalRequest.newBuilder().setHospitalId("ARM-1").build()));
    }

    @Test
    void aClosedFacilityReportsNoAvailableBeds() {
        PublishCapacityRequest closed = report(hospitalId, Instant.now(), 10, 2, 3).toBuilder()
                .setStatus(HospitalStatus.newBuilder()
                        .setEmergencyDepartmentStatus(EmergencyDepartmentStatus.EMERGENCY_DEPARTMENT_STATUS_CLOSED)
                        .setFacilityStatus(FacilityStatus.FACILITY_STATUS_CLOSED)
                        .setCrisisPlanLevel(CrisisPlanLevel.CRISIS_PLAN_LEVEL_PLAN_BLANC)).build();
        assertStatus(Status.Code.INVALID_ARGUMENT, "closed facility",
                () -> as(system(hospitalId)).publishCapacity(closed));
    }

    @Test
    void callsWithoutAValidTokenAreUnauthenticatedAndWrongRolesDenied() {
        GetHospitalRequest get = GetHospitalRequest.newBuilder().setHospitalId(hospitalId).build();
        assertStatus(Status.Code.UNAUTHENTICATED, "", () -> capacity.getHospital(get));
        assertStatus(Status.Code.UNAUTHENTICATED, "", () -> as("not-a-jwt").getHospital(get));
        assertStatus(Status.Code.UNAUTHENTICATED, "", () -> as(TestTokens.wrongAudience()).getHospital(get));
        assertStatus(Status.Code.UNAUTHENTICATED, "", () -> as(TestTokens.expired()).getHospital(get));
        assertStatus(Status.Code.UNAUTHENTICATED, "", () -> as(TestTokens.signedByAnotherKey()).getHospital(get));
        assertStatus(Status.Code.PERMISSION_DENIED, "", () -> as(TestTokens.user("someone", "unknown-role")).getHospital(get));
        assertStatus(Status.Code.PERMISSION_DENIED, "",
                () -> as(TestTokens.user("dispatcher", "dispatcher")).publishCapacity(report(hospitalId, Instant.now(), 10, 6, 3)));
        assertStatus(Status.Code.PERMISSION_DENIED, "",
                () -> as(system(hospitalId)).createHospital(CreateHospitalRequest.newBuilder()
                        .setHospital(hospital("59" + SEQUENCE.incrementAndGet())).setIdempotencyKey(UUID.randomUUID().toString()).build()));
    }

    @Test
    void registeringTwiceIsIdempotentByKeyAndAConflictOtherwise() {
        String id = "62" + SEQUENCE.incrementAndGet();
        CreateHospitalRequest create = CreateHospitalRequest.newBuilder().setHospital(hospital(id))
                .setIdempotencyKey(UUID.randomUUID().toString()).build();
        CapacityServiceBlockingStub coordinator = as(TestTokens.user("coordinator", "coordinator"));
        assertEquals(id, coordinator.createHospital(create).getHospital().getHospitalId());
        assertEquals(id, coordinator.createHospital(create).getHospital().getHospitalId());
        assertStatus(Status.Code.ALREADY_EXISTS, "already exists",
                () -> coordinator.createHospital(create.toBuilder().setIdempotencyKey(UUID.randomUUID().toString()).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "hospital.department",
                () -> coordinator.createHospital(create.toBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                        .setHospital(hospital("62" + SEQUENCE.incrementAndGet()).toBuilder().setDepartment("59")).build()));
    }

    @Test
    void theSameReportSentEightTimesAtOnceIsStoredOnceAndNoCopyIsAnInternalError() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                PublishCapacityRequest report = report(hospitalId, Instant.now().minusSeconds(60 - round), 10, 6, round);
                assertEveryCopyOkOrAborted(senders, () -> as(system(hospitalId)).publishCapacity(report));
            }
        } finally {
            senders.shutdownNow();
        }
        assertEquals(5, as(TestTokens.user("coordinator", "coordinator")).getCapacityHistory(
                org.renfort.proto.capacity.v1.GetCapacityHistoryRequest.newBuilder().setHospitalId(hospitalId).build())
                .getPointsCount());
    }

    @Test
    void theSameHoldRequestSentEightTimesAtOnceHoldsOneBedAndNoCopyIsAnInternalError() throws Exception {
        as(system(hospitalId)).publishCapacity(report(hospitalId, Instant.now(), 100, 0, 100));
        String coordinator = TestTokens.user("coordinator", "coordinator");
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                Instant expires = Instant.now().plusSeconds(600);
                org.renfort.proto.capacity.v1.PlaceHoldRequest hold = org.renfort.proto.capacity.v1.PlaceHoldRequest.newBuilder()
                        .setHospitalId(hospitalId).setCategory(BedCategory.BED_CATEGORY_ADULT_ICU).setTransferReference("T-" + round)
                        .setExpiresAt(Timestamp.newBuilder().setSeconds(expires.getEpochSecond()))
                        .setIdempotencyKey(UUID.randomUUID().toString()).build();
                assertEveryCopyOkOrAborted(senders, () -> as(coordinator).placeHold(hold));
            }
        } finally {
            senders.shutdownNow();
        }
        // One bed held per round, whatever the number of copies. The region view follows the change
        // log, so the last round's hold may reach it a moment after its answer: read until it has.
        int held = eventually(() -> as(coordinator).getRegionSnapshot(
                        org.renfort.proto.capacity.v1.GetRegionSnapshotRequest.getDefaultInstance())
                .getHospitalsList().stream().filter(h -> h.getHospital().getHospitalId().equals(hospitalId)).findFirst().orElseThrow()
                .getCategoriesList().stream().filter(c -> c.getBeds().getCategory() == BedCategory.BED_CATEGORY_ADULT_ICU)
                .findFirst().orElseThrow().getHeld(), h -> h >= 5);
        assertEquals(5, held);
    }

    /**
     * Reports that arrive together are committed together (CapacityReports' group commit); each is
     * still checked and answered on its own: accepted ones, a stale one, a resend racing its
     * original, an unknown hospital - all at the same instant.
     */
    @Test
    void reportsOfSeveralHospitalsSentAtOnceAreEachAnsweredOnTheirOwn() throws Exception {
        String coordinator = TestTokens.user("coordinator", "coordinator");
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = "59" + SEQUENCE.incrementAndGet();
            as(coordinator).createHospital(CreateHospitalRequest.newBuilder().setHospital(hospital(id))
                    .setIdempotencyKey(UUID.randomUUID().toString()).build());
            others.add(id);
        }
        Instant now = Instant.now();
        as(system(hospitalId)).publishCapacity(report(hospitalId, now, 10, 6, 3));
        PublishCapacityRequest original = report(others.get(0), now, 10, 0, 10);
        String unknown = "59" + SEQUENCE.incrementAndGet();
        List<java.util.concurrent.Callable<String>> calls = List.of(
                () -> as(system(others.get(0))).publishCapacity(original).getReportId(),
                () -> as(system(others.get(0))).publishCapacity(original).getReportId(),
                () -> as(system(others.get(1))).publishCapacity(report(others.get(1), now, 10, 0, 9)).getSource().name(),
                () -> as(system(others.get(2))).publishCapacity(report(others.get(2), now, 10, 0, 8)).getSource().name(),
                () -> as(system(hospitalId)).publishCapacity(report(hospitalId, now.minusSeconds(60), 10, 9, 1)).getSource().name(),
                () -> as(system(unknown)).publishCapacity(report(unknown, now, 10, 0, 1)).getSource().name());
        ExecutorService senders = Executors.newFixedThreadPool(calls.size());
        List<String> outcomes = new ArrayList<>();
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<String>> running = new ArrayList<>();
            for (var call : calls) {
                running.add(senders.submit(() -> {
                    start.await();
                    try {
                        return call.call();
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
                    }
                }));
            }
            start.countDown();
            for (Future<String> answer : running) {
                outcomes.add(answer.get(10, TimeUnit.SECONDS));
            }
        } finally {
            senders.shutdownNow();
        }

        assertEquals(outcomes.get(0), outcomes.get(1), "the resend is answered with its original's report id");
        assertEquals(List.of("REPORT_SOURCE_HOSPITAL_SYSTEM", "REPORT_SOURCE_HOSPITAL_SYSTEM"), outcomes.subList(2, 4));
        assertTrue(outcomes.get(4).startsWith("FAILED_PRECONDITION") && outcomes.get(4).contains("stale report"), outcomes.get(4));
        assertTrue(outcomes.get(5).startsWith("NOT_FOUND"), outcomes.get(5));
        List<Integer> available = others.stream().map(id -> as(coordinator).getHospitalCapacity(GetHospitalCapacityRequest.newBuilder()
                .setHospitalId(id).build()).getCapacity().getCategories(0).getBeds().getAvailable()).toList();
        assertEquals(List.of(10, 9, 8), available);
        assertEquals(3, currentCapacity().getCategories(0).getBeds().getAvailable(), "the stale report changed nothing");
        assertEquals(1, as(coordinator).getCapacityHistory(org.renfort.proto.capacity.v1.GetCapacityHistoryRequest.newBuilder()
                .setHospitalId(others.get(0)).build()).getPointsCount(), "the resend stored nothing");
        for (String id : others) {
            List<String> audited = audit.withCallCredentials(new BearerToken(coordinator)).listAuditEvents(
                    org.renfort.proto.audit.v1.ListAuditEventsRequest.newBuilder().setHospitalId(id).setAction("PublishCapacity").build())
                    .getEventsList().stream().map(e -> e.getSubject() + " " + e.getOutcome()).toList();
            assertEquals(List.of("system-" + id + " AUDIT_OUTCOME_ALLOWED"), audited, "each written report audited once, as its sender");
        }
    }

    /** Sends the same call 8 times at once: each copy is answered, or refused as a lost race - never INTERNAL. */
    private static void assertEveryCopyOkOrAborted(ExecutorService senders, Runnable call) throws Exception {
        List<Future<Status.Code>> answers = new ArrayList<>();
        for (int copy = 0; copy < 8; copy++) {
            answers.add(senders.submit(() -> {
                try {
                    call.run();
                    return Status.Code.OK;
                } catch (StatusRuntimeException e) {
                    return e.getStatus().getCode();
                }
            }));
        }
        for (Future<Status.Code> answer : answers) {
            Status.Code code = answer.get(10, TimeUnit.SECONDS);
            assertTrue(code == Status.Code.OK || code == Status.Code.ABORTED, "answered " + code);
        }
    }

    private HospitalCapacity currentCapacity() {
        return as(TestTokens.user("coordinator", "coordinator"))
                .getHospitalCapacity(GetHospitalCapacityRequest.newBuilder().setHospitalId(hospitalId).build()).getCapacity();
    }

    private CapacityServiceBlockingStub as(String token) {
        return capacity.withCallCredentials(new BearerToken(token));
    }

    private static String system(String hospitalId) {
        return TestTokens.hospital("system-" + hospitalId, "hospital-system", hospitalId);
    }

    public static Hospital hospital(String id) {
        return Hospital.newBuilder().setHospitalId(id).setName("Centre hospitalier " + id)
                .setKind(HospitalKind.HOSPITAL_KIND_GENERAL_HOSPITAL)
                .setLocation(GeoPoint.newBuilder().setLatitude(50.69).setLongitude(2.88))
                .setDepartment(id.substring(0, 2)).setHasEmergencyDepartment(true)
                .addCapabilities(Capability.CAPABILITY_STROKE_UNIT).build();
    }

    public static PublishCapacityRequest report(String hospitalId, Instant at, int staffed, int occupied, int available) {
        return PublishCapacityRequest.newBuilder().setHospitalId(hospitalId)
                .setReportedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                .setIdempotencyKey(UUID.randomUUID().toString())
                .addBeds(BedCount.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                        .setStaffed(staffed).setOccupied(occupied).setAvailable(available))
                .setStatus(HospitalStatus.newBuilder()
                        .setEmergencyDepartmentStatus(EmergencyDepartmentStatus.EMERGENCY_DEPARTMENT_STATUS_NORMAL)
                        .setFacilityStatus(FacilityStatus.FACILITY_STATUS_NORMAL)
                        .setCrisisPlanLevel(CrisisPlanLevel.CRISIS_PLAN_LEVEL_NONE))
                .build();
    }

    private static void assertStatus(Status.Code code, String descriptionPart, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "description: " + e.getStatus().getDescription());
        String description = String.valueOf(e.getStatus().getDescription());
        assertTrue(description.contains(descriptionPart), () -> "'" + description + "' should mention '" + descriptionPart + "'");
    }
}
