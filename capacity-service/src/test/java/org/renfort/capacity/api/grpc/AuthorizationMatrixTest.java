package org.renfort.capacity.api.grpc;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.ConsumeHoldRequest;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.ExtendHoldRequest;
import org.renfort.proto.capacity.v1.ExtendHoldsRequest;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.GetCapacityHistoryRequest;
import org.renfort.proto.capacity.v1.GetRegionSnapshotRequest;
import org.renfort.proto.capacity.v1.ListOverdueHospitalsRequest;
import org.renfort.proto.capacity.v1.ReleaseHoldRequest;
import org.renfort.proto.capacity.v1.RetireHospitalRequest;
import org.renfort.proto.capacity.v1.UpdateHospitalRequest;
import org.renfort.proto.capacity.v1.WatchRegionRequest;
import org.renfort.proto.capacity.v1.GetHospitalCapacityRequest;
import org.renfort.proto.capacity.v1.GetHospitalRequest;
import org.renfort.proto.capacity.v1.ListHospitalsRequest;
import org.renfort.proto.capacity.v1.PlaceHoldsRequest;
import org.renfort.testsupport.AccessMatrix;
import org.renfort.testsupport.BearerToken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** capacity-service's whole access policy as one table: every RPC x every principal. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class AuthorizationMatrixTest {

    static final String POLICY = """
            operation            coordinator staff-own staff-other system-own system-other staff-no-claim dispatcher service unknown-role
            CreateHospital       allow       deny      deny        deny       deny         deny           deny       deny    deny
            UpdateHospital       allow       deny      deny        deny       deny         deny           deny       deny    deny
            RetireHospital       allow       deny      deny        deny       deny         deny           deny       deny    deny
            GetHospital          allow       allow     allow       allow      allow        allow          allow      allow   deny
            ListHospitals        allow       allow     allow       allow      allow        allow          allow      allow   deny
            PublishCapacity      allow       allow     deny        allow      deny         deny           deny       deny    deny
            GetHospitalCapacity  allow       allow     allow       allow      allow        allow          allow      allow   deny
            ListAuditEvents      allow       deny      deny        deny       deny         deny           deny       deny    deny
            PlaceHold            allow       deny      deny        deny       deny         deny           deny       allow   deny
            PlaceHolds           allow       deny      deny        deny       deny         deny           deny       allow   deny
            ReleaseHold          allow       deny      deny        deny       deny         deny           deny       allow   deny
            ConsumeHold          allow       deny      deny        deny       deny         deny           deny       allow   deny
            ExtendHold           allow       deny      deny        deny       deny         deny           deny       allow   deny
            ExtendHolds          allow       deny      deny        deny       deny         deny           deny       allow   deny
            GetRegionSnapshot    allow       allow     allow       allow      allow        allow          allow      allow   deny
            WatchRegion          allow       allow     allow       allow      allow        allow          allow      allow   deny
            FindBeds             allow       allow     allow       allow      allow        allow          allow      allow   deny
            ListOverdueHospitals allow       allow     allow       allow      allow        allow          allow      allow   deny
            GetCapacityHistory   allow       allow     allow       allow      allow        allow          allow      allow   deny
            """;

    static final String OWN = "590000512";
    static final String OTHER = "590000520";
    private static final AtomicInteger NEW_IDS = new AtomicInteger(5_000_000);

    static final Map<String, String> TOKENS = AccessMatrix.principals(OWN, OTHER);

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @GrpcClient("capacity")
    AuditServiceBlockingStub audit;

    static List<AccessMatrix.Cell> policy() {
        return AccessMatrix.parse(POLICY);
    }

    @BeforeEach
    void registerTheHospitals() {
        for (String id : List.of(OWN, OTHER)) {
            as("coordinator").createHospital(CreateHospitalRequest.newBuilder()
                    .setHospital(CapacityGrpcServiceTest.hospital(id)).setIdempotencyKey("matrix-" + id).build());
        }
        as("coordinator").publishCapacity(CapacityGrpcServiceTest.report(OWN, Instant.now(), 500, 0, 500));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policy")
    void everyCellOfThePolicyHolds(AccessMatrix.Cell cell) {
        AccessMatrix.verifyGrpc(cell, TOKENS.get(cell.principal()), operation(cell.operation()));
    }

    private Consumer<String> operation(String name) {
        return switch (name) {
            case "CreateHospital" -> token -> withToken(token).createHospital(CreateHospitalRequest.newBuilder()
                    .setHospital(CapacityGrpcServiceTest.hospital("59" + NEW_IDS.incrementAndGet()))
                    .setIdempotencyKey(UUID.randomUUID().toString()).build());
            case "UpdateHospital" -> token -> withToken(token).updateHospital(UpdateHospitalRequest.newBuilder()
                    .setHospital(CapacityGrpcServiceTest.hospital(OTHER)).setIdempotencyKey(UUID.randomUUID().toString()).build());
            case "RetireHospital" -> {
                String fresh = "59" + NEW_IDS.incrementAndGet();
                as("coordinator").createHospital(CreateHospitalRequest.newBuilder()
                        .setHospital(CapacityGrpcServiceTest.hospital(fresh)).setIdempotencyKey(UUID.randomUUID().toString()).build());
                yield token -> withToken(token).retireHospital(RetireHospitalRequest.newBuilder().setHospitalId(fresh)
                        .setReason("matrix").setIdempotencyKey(UUID.randomUUID().toString()).build());
            }
            case "GetHospital" -> token -> withToken(token).getHospital(GetHospitalRequest.newBuilder().setHospitalId(OWN).build());
            case "ListHospitals" -> token -> withToken(token).listHospitals(ListHospitalsRequest.getDefaultInstance());
            case "PublishCapacity" -> token -> withToken(token).publishCapacity(
                    CapacityGrpcServiceTest.report(OWN, Instant.now(), 10, 5, 2));
            case "GetHospitalCapacity" -> token -> withToken(token).getHospitalCapacity(
                    GetHospitalCapacityRequest.newBuilder().setHospitalId(OWN).build());
            case "ListAuditEvents" -> token -> audit.withCallCredentials(new BearerToken(token))
                    .listAuditEvents(ListAuditEventsRequest.getDefaultInstance());
            case "PlaceHold" -> token -> withToken(token).placeHold(BedHoldsTest.hold(OWN, Duration.ofMinutes(5)));
            case "PlaceHolds" -> token -> withToken(token).placeHolds(PlaceHoldsRequest.newBuilder()
                    .addHolds(BedHoldsTest.hold(OWN, Duration.ofMinutes(5))).build());
            case "ReleaseHold" -> {
                String hold = as("coordinator").placeHold(BedHoldsTest.hold(OWN, Duration.ofMinutes(5))).getHold().getHoldId();
                yield token -> withToken(token).releaseHold(ReleaseHoldRequest.newBuilder().setHoldId(hold).build());
            }
            case "ConsumeHold" -> {
                String hold = as("coordinator").placeHold(BedHoldsTest.hold(OWN, Duration.ofMinutes(5))).getHold().getHoldId();
                yield token -> withToken(token).consumeHold(ConsumeHoldRequest.newBuilder().setHoldId(hold).build());
            }
            case "ExtendHold" -> {
                String hold = as("coordinator").placeHold(BedHoldsTest.hold(OWN, Duration.ofMinutes(5))).getHold().getHoldId();
                yield token -> withToken(token).extendHold(ExtendHoldRequest.newBuilder().setHoldId(hold)
                        .setExpiresAt(com.google.protobuf.Timestamp.newBuilder()
                                .setSeconds(Instant.now().plus(Duration.ofHours(1)).getEpochSecond())).build());
            }
            case "ExtendHolds" -> {
                String hold = as("coordinator").placeHold(BedHoldsTest.hold(OWN, Duration.ofMinutes(5))).getHold().getHoldId();
                yield token -> withToken(token).extendHolds(ExtendHoldsRequest.newBuilder().addHolds(ExtendHoldRequest.newBuilder()
                        .setHoldId(hold).setExpiresAt(com.google.protobuf.Timestamp.newBuilder()
                                .setSeconds(Instant.now().plus(Duration.ofHours(1)).getEpochSecond()))).build());
            }
            case "GetRegionSnapshot" -> token -> withToken(token).getRegionSnapshot(GetRegionSnapshotRequest.getDefaultInstance());
            // A stream: allowed means its first message (the snapshot) arrives.
            case "WatchRegion" -> token -> withToken(token).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .watchRegion(WatchRegionRequest.getDefaultInstance()).next();
            case "FindBeds" -> token -> withToken(token).findBeds(FindBedsRequest.newBuilder()
                    .setCategory(org.renfort.proto.common.v1.BedCategory.BED_CATEGORY_ADULT_ICU)
                    .setOriginHospitalId(OTHER).setMaxTravelMinutes(60).build());
            case "ListOverdueHospitals" -> token -> withToken(token).listOverdueHospitals(ListOverdueHospitalsRequest.getDefaultInstance());
            case "GetCapacityHistory" -> token -> withToken(token).getCapacityHistory(
                    GetCapacityHistoryRequest.newBuilder().setHospitalId(OWN).build());
            default -> throw new IllegalArgumentException("no such operation in the table: " + name);
        };
    }

    private CapacityServiceBlockingStub as(String principal) {
        return withToken(TOKENS.get(principal));
    }

    private CapacityServiceBlockingStub withToken(String token) {
        return capacity.withCallCredentials(new BearerToken(token));
    }
}
