package org.renfort.transfer.api.grpc;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.audit.v1.AuditEvent;
import org.renfort.proto.audit.v1.AuditOutcome;
import org.renfort.proto.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.Capability;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.proto.transfer.v1.Transfer;
import org.renfort.proto.transfer.v1.TransferRequirements;
import org.renfort.proto.transfer.v1.TransferServiceGrpc.TransferServiceBlockingStub;
import org.renfort.proto.transfer.v1.TransferStatus;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;
import org.renfort.transfer.ServiceTokenStub;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_transfer"))
class TransferGrpcServiceTest {
    static final String ARMENTIERES = "590000017";
    static final String LILLE = "590000025";
    static final String NOTE = "Intubated, FiO2 60%";

    @GrpcClient("transfer")
    TransferServiceBlockingStub transfers;

    @GrpcClient("transfer")
    AuditServiceBlockingStub audit;

    @OidcWireMock
    WireMockServer oidc;

    @BeforeEach
    void aRegistryWithTheTwoHospitals() {
        ServiceTokenStub.register(oidc);
        StandInCapacityService.register(ARMENTIERES, LILLE);
    }

    @Test
    void originHospitalRequestsATransferThatIsStoredAndReadable() {
        Transfer created = as(staff(ARMENTIERES)).createTransfer(request(ARMENTIERES, patient())).getTransfer();

        assertEquals(TransferStatus.TRANSFER_STATUS_REQUESTED, created.getStatus());
        Transfer read = as(staff(ARMENTIERES)).getTransfer(get(created)).getTransfer();
        assertEquals(created.getTransferId(), read.getTransferId());
        assertEquals(NOTE, read.getClinicalNote());
        assertEquals(BedCategory.BED_CATEGORY_ADULT_ICU, read.getRequirements().getBedCategory());
    }

    @Test
    void aResentRequestCreatesNothingNewAndAReusedKeyIsRefused() {
        CreateTransferRequest request = request(ARMENTIERES, patient());
        Transfer first = as(staff(ARMENTIERES)).createTransfer(request).getTransfer();
        Transfer again = as(staff(ARMENTIERES)).createTransfer(request).getTransfer();
        assertEquals(first.getTransferId(), again.getTransferId());

        CreateTransferRequest reused = request.toBuilder().setClinicalNote("something else").build();
        assertStatus(Status.Code.INVALID_ARGUMENT, "idempotency_key", () -> as(staff(ARMENTIERES)).createTransfer(reused));
    }

    @Test
    void aPatientHasAtMostOneLiveTransferPerOrigin() {
        String patient = patient();
        as(staff(ARMENTIERES)).createTransfer(request(ARMENTIERES, patient));
        assertStatus(Status.Code.FAILED_PRECONDITION, "already has a live transfer",
                () -> as(staff(ARMENTIERES)).createTransfer(request(ARMENTIERES, patient)));
        // The same pseudonym chosen by another hospital is another patient.
        as(staff(LILLE)).createTransfer(request(LILLE, patient));
    }

    @Test
    void aHospitalCannotRequestForAnotherOrSeeItsTransfers() {
        assertStatus(Status.Code.PERMISSION_DENIED, "may not request a transfer from " + ARMENTIERES,
                () -> as(staff(LILLE)).createTransfer(request(ARMENTIERES, patient())));
        Transfer created = as(staff(ARMENTIERES)).createTransfer(request(ARMENTIERES, patient())).getTransfer();
        assertStatus(Status.Code.PERMISSION_DENIED, "not visible", () -> as(staff(LILLE)).getTransfer(get(created)));
    }

    @Test
    void aDispatcherRequestsFromTheFieldAndNeverReadsTheClinicalNote() {
        CreateTransferRequest fromField = request(ARMENTIERES, patient()).toBuilder()
                .setOrigin(Origin.newBuilder().setPosition(GeoPoint.newBuilder().setLatitude(50.68).setLongitude(2.88))).build();
        String dispatcher = TestTokens.user("dispatcher-samu59", "dispatcher");
        Transfer created = as(dispatcher).createTransfer(fromField).getTransfer();
        assertEquals("", created.getClinicalNote());
        assertEquals("", as(dispatcher).getTransfer(get(created)).getTransfer().getClinicalNote());
        assertEquals(NOTE, as(TestTokens.user("coordinator", "coordinator")).getTransfer(get(created)).getTransfer().getClinicalNote());
        assertStatus(Status.Code.PERMISSION_DENIED, "from a hospital",
                () -> as(dispatcher).createTransfer(request(ARMENTIERES, patient())));
    }

    @Test
    void theRequestersOwnReferenceFindsItsTransfersAndOnlyItsOwn() {
        String reference = "fr.health.samu590.request." + UUID.randomUUID().toString().substring(0, 8);
        String dispatcher = TestTokens.user("dispatcher-samu59", "dispatcher");
        CreateTransferRequest fromField = request(ARMENTIERES, patient()).toBuilder().setExternalReference(reference)
                .setOrigin(Origin.newBuilder().setPosition(GeoPoint.newBuilder().setLatitude(50.68).setLongitude(2.88))).build();
        Transfer first = as(dispatcher).createTransfer(fromField).getTransfer();
        Transfer second = as(dispatcher).createTransfer(fromField.toBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                .setRequirements(fromField.getRequirements().toBuilder().setPatientReference(patient())).build()).getTransfer();
        as(dispatcher).createTransfer(request(ARMENTIERES, patient()).toBuilder()
                .setOrigin(fromField.getOrigin()).setExternalReference(reference + "-other").build());
        assertEquals(reference, first.getExternalReference());

        ListTransfersRequest byReference = ListTransfersRequest.newBuilder().setExternalReference(reference).build();
        assertEquals(List.of(second.getTransferId(), first.getTransferId()), as(dispatcher).listTransfers(byReference)
                .getTransfersList().stream().map(Transfer::getTransferId).toList());
        assertEquals(List.of(), as(TestTokens.user("dispatcher-samu62", "dispatcher")).listTransfers(byReference).getTransfersList(),
                "another dispatcher does not see transfers it did not request and nobody accepted");
        // The reference is part of the request: the same key with another reference is another request.
        assertStatus(Status.Code.INVALID_ARGUMENT, "idempotency_key",
                () -> as(dispatcher).createTransfer(fromField.toBuilder().setExternalReference(reference + "-2").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "external_reference",
                () -> as(dispatcher).createTransfer(fromField.toBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                        .setExternalReference("Jean Dupont").build()));
    }

    @Test
    void badInputNamesTheFieldAndStoresNothing() {
        String patient = patient();
        assertStatus(Status.Code.INVALID_ARGUMENT, "requirements.acuity",
                () -> as(staff(ARMENTIERES)).createTransfer(request(ARMENTIERES, patient).toBuilder()
                        .setRequirements(request(ARMENTIERES, patient).getRequirements().toBuilder().setAcuityValue(0)).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "requirements.patient_reference",
                () -> as(staff(ARMENTIERES)).createTransfer(request(ARMENTIERES, "Jean Dupont 1954-03-02")));
        assertStatus(Status.Code.INVALID_ARGUMENT, "origin",
                () -> as(staff(ARMENTIERES)).createTransfer(request(ARMENTIERES, patient).toBuilder().clearOrigin().build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "transfer_id",
                () -> as(staff(ARMENTIERES)).getTransfer(GetTransferRequest.newBuilder().setTransferId("42").build()));
        assertStatus(Status.Code.NOT_FOUND, "not found",
                () -> as(staff(ARMENTIERES)).getTransfer(GetTransferRequest.newBuilder().setTransferId(UUID.randomUUID().toString()).build()));
        // Nothing was stored by the refused requests: the patient can still be requested for.
        as(staff(ARMENTIERES)).createTransfer(request(ARMENTIERES, patient));
    }

    @Test
    void theAuditTrailRecordsRequestsAndRefusalsButNeverTheClinicalNote() {
        Transfer created = as(staff(ARMENTIERES)).createTransfer(request(ARMENTIERES, patient())).getTransfer();
        assertThrows(StatusRuntimeException.class, () -> as(staff(LILLE)).getTransfer(get(created)));

        List<AuditEvent> events = audit.withCallCredentials(new BearerToken(TestTokens.user("coordinator", "coordinator")))
                .listAuditEvents(ListAuditEventsRequest.newBuilder().setHospitalId(ARMENTIERES).setLimit(500).build())
                .getEventsList().stream().filter(e -> e.getTarget().equals(created.getTransferId())).toList();
        assertEquals(2, events.size(), events::toString);
        assertTrue(events.stream().anyMatch(e -> e.getAction().equals("CreateTransfer")
                && e.getOutcome() == AuditOutcome.AUDIT_OUTCOME_ALLOWED && e.getSubject().equals("staff-" + ARMENTIERES)));
        assertTrue(events.stream().anyMatch(e -> e.getAction().equals("GetTransfer")
                && e.getOutcome() == AuditOutcome.AUDIT_OUTCOME_DENIED && e.getCallerHospitalId().equals(LILLE)));
        assertTrue(events.stream().noneMatch(e -> e.toString().contains("FiO2")), "the clinical note leaked into the audit");
    }

    @Test
    void withoutATokenNothingIsAnswered() {
        assertStatus(Status.Code.UNAUTHENTICATED, "", () -> transfers.createTransfer(request(ARMENTIERES, patient())));
        assertStatus(Status.Code.PERMISSION_DENIED, "",
                () -> as(TestTokens.user("svc", "service")).createTransfer(request(ARMENTIERES, patient())));
    }

    private TransferServiceBlockingStub as(String token) {
        return transfers.withCallCredentials(new BearerToken(token));
    }

    private static String staff(String hospitalId) {
        return TestTokens.hospital("staff-" + hospitalId, "hospital-staff", hospitalId);
    }

    private static String patient() {
        return "P-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static GetTransferRequest get(Transfer t) {
        return GetTransferRequest.newBuilder().setTransferId(t.getTransferId()).build();
    }

    static CreateTransferRequest request(String origin, String patient) {
        return CreateTransferRequest.newBuilder()
                .setOrigin(Origin.newBuilder().setHospitalId(origin))
                .setRequirements(TransferRequirements.newBuilder().setPatientReference(patient)
                        .setAgeBand(AgeBand.AGE_BAND_ADULT).setBedCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                        .addRequiredCapabilities(Capability.CAPABILITY_DIALYSIS)
                        .setAcuity(Acuity.ACUITY_URGENT).setMaxTravelMinutes(90))
                .setClinicalNote(NOTE)
                .setIdempotencyKey(UUID.randomUUID().toString())
                .build();
    }

    private static void assertStatus(Status.Code code, String descriptionPart, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "description: " + e.getStatus().getDescription());
        String description = String.valueOf(e.getStatus().getDescription());
        assertTrue(description.contains(descriptionPart), () -> "'" + description + "' should mention '" + descriptionPart + "'");
    }
}
