package org.renfort.capacity.api.grpc;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.ConsumeHoldRequest;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.ExtendHoldRequest;
import org.renfort.proto.capacity.v1.ExtendHoldsRequest;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.GetCapacityHistoryRequest;
import org.renfort.proto.capacity.v1.GetHospitalCapacityRequest;
import org.renfort.proto.capacity.v1.ListHospitalsRequest;
import org.renfort.proto.capacity.v1.PlaceHoldsRequest;
import org.renfort.proto.capacity.v1.ReleaseHoldRequest;
import org.renfort.proto.capacity.v1.RetireHospitalRequest;
import org.renfort.proto.capacity.v1.UpdateHospitalRequest;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;
import org.renfort.testsupport.fuzz.HostileMessages;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Requests to every RPC generated from their proto descriptors (HostileMessages: one to three
 * fields of a valid request, at any depth, set to hostile values of their type), sent to the
 * real gRPC edge with real tokens, 100 per RPC: every answer is a success or a client-error
 * status - never INTERNAL or UNKNOWN - and a refused write leaves the database as it was (rows
 * of the registry, reports, holds and the audit trail's allowed entries, counted around each).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class FuzzedRequestTest {
    private static final int SAMPLES_PER_RPC = 100;
    private static final Set<Status.Code> ANSWERS = EnumSet.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
            Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION, Status.Code.PERMISSION_DENIED, Status.Code.ALREADY_EXISTS,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.OUT_OF_RANGE);
    private static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");
    private static final String SERVICE = TestTokens.user("service-account-transfer-service", "service");
    private static final AtomicInteger IDS = new AtomicInteger(6_400_000);
    private static final String STORED = "select (select count(*) from hospital) as hospitals, "
            + "(select count(*) from hospital where retired_at is not null) as retired, "
            + "(select count(*) from capacity_report) as reports, "
            + "(select count(*) from bed_hold) + (select count(*) from bed_hold_archive) as holds, "
            + "(select count(*) from bed_hold where status <> 'ACTIVE') as closed, "
            + "(select count(*) from audit_event where outcome = 'ALLOWED') as allowed";

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;
    @Inject
    Pool pool;

    private final Map<String, Map<Status.Code, Integer>> seen = new java.util.TreeMap<>();

    @Test
    void everyRpcAnswersHostileRequestsWithAClientErrorAndARefusedWriteStoresNothing() {
        String hospital = "59" + IDS.incrementAndGet();
        String toRetire = "59" + IDS.incrementAndGet();
        for (String id : List.of(hospital, toRetire)) {
            as(COORDINATOR).createHospital(CreateHospitalRequest.newBuilder().setHospital(CapacityGrpcServiceTest.hospital(id))
                    .setIdempotencyKey(UUID.randomUUID().toString()).build());
        }
        as(COORDINATOR).publishCapacity(CapacityGrpcServiceTest.report(hospital, Instant.now(), 1_000, 0, 1_000));
        List<String> holds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            holds.add(as(SERVICE).placeHold(BedHoldsTest.hold(hospital, Duration.ofHours(2))).getHold().getHoldId());
        }
        Supplier<String> someHold = () -> holds.get(ThreadLocalRandom.current().nextInt(holds.size()));

        fuzzWrite("CreateHospital", COORDINATOR, () -> CreateHospitalRequest.newBuilder()
                        .setHospital(CapacityGrpcServiceTest.hospital("59" + IDS.incrementAndGet()))
                        .setIdempotencyKey(UUID.randomUUID().toString()).build(), r -> as(COORDINATOR).createHospital(r));
        fuzzWrite("UpdateHospital", COORDINATOR, () -> UpdateHospitalRequest.newBuilder()
                .setHospital(CapacityGrpcServiceTest.hospital(hospital)).setIdempotencyKey(UUID.randomUUID().toString()).build(),
                r -> as(COORDINATOR).updateHospital(r));
        fuzzWrite("PlaceHolds", SERVICE, () -> PlaceHoldsRequest.newBuilder()
                        .addHolds(BedHoldsTest.hold(hospital, Duration.ofHours(2))).addHolds(BedHoldsTest.hold(hospital, Duration.ofHours(1)))
                        .build(), r -> as(SERVICE).placeHolds(r));
        fuzzWrite("PlaceHold", SERVICE, () -> BedHoldsTest.hold(hospital, Duration.ofHours(2)), r -> as(SERVICE).placeHold(r));
        // After the holds: a fuzzed report that goes through may leave no free bed, and a hold would then
        // be refused for want of one rather than for its fault.
        fuzzWrite("PublishCapacity", COORDINATOR, () -> CapacityGrpcServiceTest.report(hospital, Instant.now(), 1_000, 10, 990),
                r -> as(COORDINATOR).publishCapacity(r));
        fuzzWrite("ExtendHold", SERVICE, () -> ExtendHoldRequest.newBuilder().setHoldId(someHold.get())
                .setExpiresAt(timestamp(Instant.now().plus(Duration.ofHours(3)))).build(), r -> as(SERVICE).extendHold(r));
        fuzzWrite("ExtendHolds", SERVICE, () -> ExtendHoldsRequest.newBuilder()
                .addHolds(ExtendHoldRequest.newBuilder().setHoldId(holds.get(0)).setExpiresAt(timestamp(Instant.now().plus(Duration.ofHours(3)))))
                .addHolds(ExtendHoldRequest.newBuilder().setHoldId(holds.get(1)).setExpiresAt(timestamp(Instant.now().plus(Duration.ofHours(4)))))
                .build(), r -> as(SERVICE).extendHolds(r));
        fuzzWrite("ReleaseHold", SERVICE, () -> ReleaseHoldRequest.newBuilder().setHoldId(someHold.get()).build(),
                r -> as(SERVICE).releaseHold(r));
        fuzzWrite("ConsumeHold", SERVICE, () -> ConsumeHoldRequest.newBuilder().setHoldId(someHold.get()).build(),
                r -> as(SERVICE).consumeHold(r));
        fuzzWrite("RetireHospital", COORDINATOR, () -> RetireHospitalRequest.newBuilder().setHospitalId(toRetire)
                .setReason("merged").setIdempotencyKey(UUID.randomUUID().toString()).build(), r -> as(COORDINATOR).retireHospital(r));
        fuzzRead("FindBeds", () -> FindBedsRequest.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                .setOriginHospitalId(hospital).setMaxTravelMinutes(120).setLimit(10).build(), r -> as(COORDINATOR).findBeds(r));
        fuzzRead("GetCapacityHistory", () -> GetCapacityHistoryRequest.newBuilder().setHospitalId(hospital)
                        .setFrom(timestamp(Instant.now().minus(Duration.ofDays(1)))).setTo(timestamp(Instant.now())).build(),
                r -> as(COORDINATOR).getCapacityHistory(r));
        fuzzRead("GetHospitalCapacity", () -> GetHospitalCapacityRequest.newBuilder().setHospitalId(hospital).build(),
                r -> as(COORDINATOR).getHospitalCapacity(r));
        fuzzRead("ListHospitals", () -> ListHospitalsRequest.newBuilder().setDepartment("59").build(),
                r -> as(COORDINATOR).listHospitals(r));

        System.out.println("fuzzed answers: " + seen);
        int total = seen.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        assertEquals(14 * SAMPLES_PER_RPC, total);
        for (String rpc : List.of("CreateHospital", "PublishCapacity", "PlaceHold", "FindBeds")) {
            assertTrue(seen.get(rpc).getOrDefault(Status.Code.OK, 0) > 0, rpc + ": no sample went through: " + seen.get(rpc));
            assertTrue(seen.get(rpc).getOrDefault(Status.Code.INVALID_ARGUMENT, 0) > SAMPLES_PER_RPC / 4,
                    rpc + ": too few samples refused: " + seen.get(rpc));
        }
        // Still serving, after all of it.
        as(COORDINATOR).getHospitalCapacity(GetHospitalCapacityRequest.newBuilder().setHospitalId(hospital).build());
    }

    private <M extends Message> void fuzzWrite(String rpc, String token, Supplier<M> valid, Function<M, ?> call) {
        HostileMessages.around(valid).sampleStream().limit(SAMPLES_PER_RPC).forEach(request -> {
            Map<String, Long> before = stored();
            Status.Code code = check(rpc, request, call);
            if (code != Status.Code.OK) {
                assertEquals(before, stored(), () -> rpc + " refused with " + code + " yet stored something:\n" + request);
            }
        });
    }

    private <M extends Message> void fuzzRead(String rpc, Supplier<M> valid, Function<M, ?> call) {
        HostileMessages.around(valid).sampleStream().limit(SAMPLES_PER_RPC).forEach(request -> check(rpc, request, call));
    }

    private <M extends Message> Status.Code check(String rpc, M request, Function<M, ?> call) {
        Status.Code code;
        String description;
        try {
            call.apply(request);
            code = Status.Code.OK;
            description = "";
        } catch (StatusRuntimeException e) {
            code = e.getStatus().getCode();
            description = e.getStatus().getDescription();
        }
        seen.computeIfAbsent(rpc, r -> new EnumMap<>(Status.Code.class)).merge(code, 1, Integer::sum);
        if (!ANSWERS.contains(code)) {
            String shown = request.toString();
            fail(rpc + " answered " + code + " (" + description + ") to:\n" + shown.substring(0, Math.min(shown.length(), 2_000)));
        }
        return code;
    }

    private Map<String, Long> stored() {
        Row row = pool.query(STORED).execute().await().atMost(Duration.ofSeconds(10)).iterator().next();
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (int i = 0; i < row.size(); i++) {
            counts.put(row.getColumnName(i), row.getLong(i));
        }
        return counts;
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }

    private CapacityServiceBlockingStub as(String token) {
        return capacity.withCallCredentials(new BearerToken(token));
    }
}
