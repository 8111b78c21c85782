package org.renfort.transfer.api.grpc;

import org.renfort.testsupport.standin.StandInCapacityService;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.protobuf.Timestamp;
import io.grpc.Channel;
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
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.DeferAnswer;
import org.renfort.proto.transfer.v1.DirectTransferRequest;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.TransferServiceGrpc.TransferServiceBlockingStub;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.RawGrpcCall;
import org.renfort.testsupport.TestTokens;
import org.renfort.transfer.ServiceTokenStub;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a buggy or hostile hospital system may send to transfer-service's gRPC edge: each class
 * of malformed input, and each reference to a hospital the registry does not know, is refused at
 * once naming the field, and nothing is stored (the same idempotency key and patient then go
 * through as a first request).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_transfer"))
class MalformedRequestTest {
    private static final AtomicInteger IDS = new AtomicInteger(4_000_000);
    private static final Duration PROMPT = Duration.ofMillis(1_000);
    private static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");

    @GrpcClient("transfer")
    TransferServiceBlockingStub transfers;

    @GrpcClient("transfer")
    Channel channel;

    @OidcWireMock
    WireMockServer oidc;

    private String origin;
    private String staff;

    @BeforeEach
    void aRegisteredOrigin() {
        ServiceTokenStub.register(oidc);
        origin = "59" + IDS.incrementAndGet();
        StandInCapacityService.register(origin);
        staff = TestTokens.hospital("staff-" + origin, "hospital-staff", origin);
        // Warm-up: the first check of a message type compiles its rules.
        as(staff).createTransfer(TransferGrpcServiceTest.request(origin, "WARM-" + origin));
    }

    @Test
    void hospitalsTheRegistryDoesNotKnowAreNotFoundAndNothingIsStored() {
        String unknown = "62" + IDS.incrementAndGet();
        CreateTransferRequest fromUnknown = TransferGrpcServiceTest.request(unknown, "P-" + unknown);
        assertPromptly(Status.Code.NOT_FOUND, "origin.hospital_id: hospital " + unknown + " is not registered",
                () -> as(COORDINATOR).createTransfer(fromUnknown));

        CreateTransferRequest preferring = TransferGrpcServiceTest.request(origin, "P-" + unknown);
        CreateTransferRequest withPreferred = preferring.toBuilder().setRequirements(preferring.getRequirements().toBuilder()
                .addPreferredHospitalIds(unknown)).build();
        assertPromptly(Status.Code.NOT_FOUND, "requirements.preferred_hospital_ids: hospital " + unknown,
                () -> as(staff).createTransfer(withPreferred));
        CreateTransferRequest withExcluded = preferring.toBuilder().setRequirements(preferring.getRequirements().toBuilder()
                .addExcludedHospitalIds(unknown)).build();
        assertPromptly(Status.Code.NOT_FOUND, "requirements.excluded_hospital_ids: hospital " + unknown,
                () -> as(staff).createTransfer(withExcluded));

        // Nothing was stored under that key or for that patient: the same request, without the unknown hospital, is new.
        String created = as(staff).createTransfer(preferring).getTransfer().getTransferId();
        assertPromptly(Status.Code.NOT_FOUND, "hospital_id: hospital " + unknown + " is not registered",
                () -> as(COORDINATOR).directTransfer(DirectTransferRequest.newBuilder().setTransferId(created)
                        .setHospitalId(unknown).setReason("agreed by phone").setIdempotencyKey(UUID.randomUUID().toString()).build()));
        assertEquals(0, as(COORDINATOR).getTransfer(GetTransferRequest.newBuilder().setTransferId(created).build())
                .getTransfer().getHistoryList().stream().filter(e -> e.getReason().contains(unknown)).count());
    }

    @Test
    void aHundredKilobyteIdentifierIsRefusedAtOnceWithoutBeingEchoed() {
        String huge = "5".repeat(100_000);
        StatusRuntimeException refused = assertPromptly(Status.Code.INVALID_ARGUMENT, "transfer_id",
                () -> as(staff).getTransfer(GetTransferRequest.newBuilder().setTransferId(huge).build()));
        assertTrue(refused.getStatus().getDescription().length() < 500, "the description stays short");
        assertPromptly(Status.Code.INVALID_ARGUMENT, "hospital_id",
                () -> as(COORDINATOR).listTransfers(ListTransfersRequest.newBuilder().setHospitalId(huge).build()));
    }

    @Test
    void controlCharactersAreRefusedNamingTheFieldAndNothingIsStored() {
        CreateTransferRequest request = TransferGrpcServiceTest.request(origin, "P-" + IDS.incrementAndGet());
        assertPromptly(Status.Code.INVALID_ARGUMENT, "requirements.patient_reference: must not contain control characters",
                () -> as(staff).createTransfer(request.toBuilder().setRequirements(request.getRequirements().toBuilder()
                        .setPatientReference("P-\u00001234")).build()));
        assertPromptly(Status.Code.INVALID_ARGUMENT, "clinical_note: must not contain control characters",
                () -> as(staff).createTransfer(request.toBuilder().setClinicalNote("ventilated\u001b[2J").build()));
        assertPromptly(Status.Code.INVALID_ARGUMENT, "hospital_id: must not contain control characters",
                () -> as(COORDINATOR).listTransfers(ListTransfersRequest.newBuilder().setHospitalId("59\u0000").build()));
        // A note may have line breaks.
        as(staff).createTransfer(request.toBuilder().setClinicalNote("ventilated\nFiO2 60%").build());
    }

    @Test
    void timestampsOutsideAnyPlausibleRangeAreRefusedNamingTheField() {
        Timestamp absurd = Timestamp.newBuilder().setSeconds(Long.MIN_VALUE).build();
        assertPromptly(Status.Code.INVALID_ARGUMENT, "created_after",
                () -> as(COORDINATOR).listTransfers(ListTransfersRequest.newBuilder().setCreatedAfter(absurd).build()));
        assertPromptly(Status.Code.INVALID_ARGUMENT, "defer.available_from",
                () -> as(staff).respondToOffer(RespondToOfferRequest.newBuilder().setOfferId(UUID.randomUUID().toString())
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .setDefer(DeferAnswer.newBuilder().setAvailableFrom(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))).build()));
        assertPromptly(Status.Code.INVALID_ARGUMENT, "page_size",
                () -> as(COORDINATOR).listTransfers(ListTransfersRequest.newBuilder().setPageSize(-1).build()));
    }

    @Test
    void bytesThatAreNotAMessageOrNotUtf8AreInvalidArgument() {
        Status notUtf8 = RawGrpcCall.send(channel, "renfort.transfer.v1.TransferService/GetTransfer", staff,
                new byte[]{0x0A, 0x02, (byte) 0xC3, 0x28});
        assertEquals(Status.Code.INVALID_ARGUMENT, notUtf8.getCode(), notUtf8::toString);
        Status truncated = RawGrpcCall.send(channel, "renfort.transfer.v1.TransferService/CreateTransfer", staff,
                new byte[]{0x12, 0x7F, 0x0A});
        assertEquals(Status.Code.INVALID_ARGUMENT, truncated.getCode(), truncated::toString);
    }

    private TransferServiceBlockingStub as(String token) {
        return transfers.withCallCredentials(new BearerToken(token));
    }

    private static StatusRuntimeException assertPromptly(Status.Code code, String descriptionPart, Executable call) {
        long start = System.nanoTime();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(PROMPT) < 0, "answered in " + took.toMillis() + " ms");
        assertEquals(code, e.getStatus().getCode(), () -> "description: " + e.getStatus().getDescription());
        String description = String.valueOf(e.getStatus().getDescription());
        assertTrue(description.contains(descriptionPart), () -> "'" + description + "' should mention '" + descriptionPart + "'");
        return e;
    }
}
