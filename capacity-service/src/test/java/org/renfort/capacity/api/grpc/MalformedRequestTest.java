package org.renfort.capacity.api.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.Channel;
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
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.GetCapacityHistoryRequest;
import org.renfort.proto.capacity.v1.GetHospitalCapacityRequest;
import org.renfort.proto.capacity.v1.GetHospitalRequest;
import org.renfort.proto.capacity.v1.HospitalStatus;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.RawGrpcCall;
import org.renfort.testsupport.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a buggy or hostile hospital system may send, straight to the gRPC edge: every class of
 * malformed input is refused at once with a status naming the field, and nothing is stored.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class MalformedRequestTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger(3_000_000);
    /** Well under a second, even on a loaded 2-core CI machine. */
    private static final Duration PROMPT = Duration.ofMillis(1_000);

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @GrpcClient("capacity")
    Channel channel;

    private String hospitalId;
    private String system;

    @BeforeEach
    void registerHospital() {
        hospitalId = "59" + SEQUENCE.incrementAndGet();
        system = TestTokens.hospital("system-" + hospitalId, "hospital-system", hospitalId);
        coordinator().createHospital(CreateHospitalRequest.newBuilder()
                .setHospital(CapacityGrpcServiceTest.hospital(hospitalId)).setIdempotencyKey(UUID.randomUUID().toString()).build());
        // Warm-up: the first check of a message type compiles its rules.
        as(system).publishCapacity(CapacityGrpcServiceTest.report(hospitalId, Instant.now().minusSeconds(3600), 10, 6, 3));
    }

    @Test
    void aHundredKilobyteIdentifierIsRefusedAtOnceWithoutBeingEchoed() {
        String huge = "5".repeat(100_000);
        StatusRuntimeException refused = assertPromptly(Status.Code.INVALID_ARGUMENT, "hospital_id",
                () -> as(system).getHospital(GetHospitalRequest.newBuilder().setHospitalId(huge).build()));
        assertTrue(refused.getStatus().getDescription().length() < 500, "the description stays short");
    }

    @Test
    void aOneMegabyteReportIsRefusedAtOnceAndNothingIsStored() {
        PublishCapacityRequest report = CapacityGrpcServiceTest.report(hospitalId, Instant.now(), 10, 2, 8);
        PublishCapacityRequest huge = report.toBuilder().setStatus(report.getStatus().toBuilder()
                .setEmergencyDepartmentReason("x".repeat(1_000_000))).build();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> timed(() -> as(system).publishCapacity(huge)));
        assertTrue(refused.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED
                || refused.getStatus().getCode() == Status.Code.INVALID_ARGUMENT, refused::toString);
        assertNothingNewStored();
    }

    @Test
    void controlCharactersInIdentifiersAndNamesAreRefusedNamingTheField() {
        assertPromptly(Status.Code.INVALID_ARGUMENT, "hospital_id: must not contain control characters",
                () -> as(system).getHospitalCapacity(GetHospitalCapacityRequest.newBuilder().setHospitalId("59\u00000017").build()));
        String other = "59" + SEQUENCE.incrementAndGet();
        assertPromptly(Status.Code.INVALID_ARGUMENT, "hospital.name: must not contain control characters",
                () -> coordinator().createHospital(CreateHospitalRequest.newBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                        .setHospital(CapacityGrpcServiceTest.hospital(other).toBuilder().setName("CH \u001b[31mLille")).build()));
        assertStatus(Status.Code.NOT_FOUND, other,
                () -> coordinator().getHospital(GetHospitalRequest.newBuilder().setHospitalId(other).build()));
    }

    @Test
    void timestampsOutsideAnyPlausibleRangeAreRefusedNamingTheField() {
        for (long seconds : new long[]{Long.MAX_VALUE, Long.MIN_VALUE, 253_402_300_800L, 0L, Instant.now().plus(Duration.ofDays(400)).getEpochSecond()}) {
            PublishCapacityRequest report = CapacityGrpcServiceTest.report(hospitalId, Instant.now(), 10, 2, 8).toBuilder()
                    .setReportedAt(Timestamp.newBuilder().setSeconds(seconds)).build();
            assertPromptly(Status.Code.INVALID_ARGUMENT, "reported_at", () -> as(system).publishCapacity(report));
        }
        Timestamp absurd = Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build();
        assertPromptly(Status.Code.INVALID_ARGUMENT, "to",
                () -> as(system).getCapacityHistory(GetCapacityHistoryRequest.newBuilder().setHospitalId(hospitalId).setTo(absurd).build()));
        assertNothingNewStored();
    }

    @Test
    void outOfRangeNumbersAreRefusedNamingTheField() {
        assertPromptly(Status.Code.INVALID_ARGUMENT, "origin_position.latitude",
                () -> as(system).findBeds(FindBedsRequest.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                        .setOriginPosition(GeoPoint.newBuilder().setLatitude(Double.NaN).setLongitude(2)).build()));
        assertPromptly(Status.Code.INVALID_ARGUMENT, "limit",
                () -> as(system).findBeds(FindBedsRequest.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                        .setOriginHospitalId(hospitalId).setLimit(Integer.MAX_VALUE).build()));
        assertPromptly(Status.Code.INVALID_ARGUMENT, "beds[0].staffed",
                () -> as(system).publishCapacity(CapacityGrpcServiceTest.report(hospitalId, Instant.now(), Integer.MAX_VALUE, 0, 0)));
        assertNothingNewStored();
    }

    @Test
    void stringsThatAreNotUtf8AreInvalidArgument() {
        // GetHospitalRequest.hospital_id (field 1, length-delimited) holding 0xC3 0x28: not UTF-8.
        Status status = RawGrpcCall.send(channel, "renfort.capacity.v1.CapacityService/GetHospital", system,
                new byte[]{0x0A, 0x02, (byte) 0xC3, 0x28});
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), status::toString);
    }

    @Test
    void bytesThatAreNotAProtobufMessageAreInvalidArgument() {
        // Field 1 announces 127 bytes and the message ends after none.
        Status truncated = RawGrpcCall.send(channel, "renfort.capacity.v1.CapacityService/PublishCapacity", system,
                new byte[]{0x0A, 0x7F});
        assertEquals(Status.Code.INVALID_ARGUMENT, truncated.getCode(), truncated::toString);
        Status garbage = RawGrpcCall.send(channel, "renfort.capacity.v1.CapacityService/PublishCapacity", system,
                new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertEquals(Status.Code.INVALID_ARGUMENT, garbage.getCode(), garbage::toString);
        assertNothingNewStored();
    }

    /** Only the warm-up report is there. */
    private void assertNothingNewStored() {
        var capacity = coordinator().getHospitalCapacity(GetHospitalCapacityRequest.newBuilder().setHospitalId(hospitalId).build())
                .getCapacity();
        assertEquals(6, capacity.getCategories(0).getBeds().getOccupied());
        assertEquals(HospitalStatus.getDefaultInstance().getEmergencyDepartmentReason(),
                capacity.getStatus().getEmergencyDepartmentReason());
    }

    private CapacityServiceBlockingStub coordinator() {
        return as(TestTokens.user("coordinator", "coordinator"));
    }

    private CapacityServiceBlockingStub as(String token) {
        return capacity.withCallCredentials(new BearerToken(token));
    }

    private static StatusRuntimeException assertPromptly(Status.Code code, String descriptionPart, Executable call) {
        return assertStatus(code, descriptionPart, () -> timed(call));
    }

    private static void timed(Executable call) throws Throwable {
        long start = System.nanoTime();
        try {
            call.execute();
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(PROMPT) < 0, "answered in " + took.toMillis() + " ms");
        }
    }

    private static StatusRuntimeException assertStatus(Status.Code code, String descriptionPart, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "description: " + e.getStatus().getDescription());
        String description = String.valueOf(e.getStatus().getDescription());
        assertTrue(description.contains(descriptionPart), () -> "'" + description + "' should mention '" + descriptionPart + "'");
        return e;
    }
}
