package org.renfort.capacity.api.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.GetCapacityHistoryRequest;
import org.renfort.proto.capacity.v1.GetHospitalRequest;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.ListHospitalsRequest;
import org.renfort.proto.capacity.v1.RetireHospitalRequest;
import org.renfort.proto.capacity.v1.UpdateHospitalRequest;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class RegistryChangesTest {
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @Test
    void aCoordinatorUpdatesThenRetiresAHospitalWhichKeepsItsHistoryButLeavesTheLivePicture() {
        String id = "30" + (1_000_000 + (int) (Math.random() * 8_000_000));
        Hospital registered = CapacityGrpcServiceTest.hospital(id).toBuilder().setDepartment("30")
                .setLocation(GeoPoint.newBuilder().setLatitude(44.0).setLongitude(4.0)).build();
        coordinator().createHospital(CreateHospitalRequest.newBuilder().setHospital(registered)
                .setIdempotencyKey(UUID.randomUUID().toString()).build());
        coordinator().publishCapacity(CapacityGrpcServiceTest.report(id, Instant.now(), 10, 5, 5));

        UpdateHospitalRequest rename = UpdateHospitalRequest.newBuilder()
                .setHospital(registered.toBuilder().setName("CH renamed")).setIdempotencyKey(UUID.randomUUID().toString()).build();
        assertEquals("CH renamed", coordinator().updateHospital(rename).getHospital().getName());
        assertEquals("CH renamed", coordinator().updateHospital(rename).getHospital().getName());

        RetireHospitalRequest retire = RetireHospitalRequest.newBuilder().setHospitalId(id).setReason("merged into another site")
                .setIdempotencyKey(UUID.randomUUID().toString()).build();
        assertTrue(coordinator().retireHospital(retire).getHospital().getRetired());
        assertTrue(coordinator().retireHospital(retire).getHospital().getRetired());

        assertTrue(coordinator().getHospital(GetHospitalRequest.newBuilder().setHospitalId(id).build()).getHospital().getRetired());
        assertFalse(coordinator().listHospitals(ListHospitalsRequest.newBuilder().setDepartment("30").build())
                .getHospitalsList().stream().anyMatch(h -> h.getHospitalId().equals(id)));
        assertTrue(coordinator().listHospitals(ListHospitalsRequest.newBuilder().setDepartment("30").setIncludeRetired(true).build())
                .getHospitalsList().stream().anyMatch(h -> h.getHospitalId().equals(id)));
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> coordinator().publishCapacity(CapacityGrpcServiceTest.report(id, Instant.now(), 10, 5, 5)));
        assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("retired"));
        assertEquals(1, coordinator().getCapacityHistory(GetCapacityHistoryRequest.newBuilder().setHospitalId(id).build())
                .getPointsCount());

        FindBedsRequest search = FindBedsRequest.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                .setOriginPosition(GeoPoint.newBuilder().setLatitude(44.0).setLongitude(4.0)).setMaxTravelMinutes(30).build();
        Instant deadline = Instant.now().plusSeconds(10);
        boolean gone = false;
        while (!gone && Instant.now().isBefore(deadline)) {
            gone = coordinator().findBeds(search).getCandidatesList().stream().noneMatch(c -> c.getHospital().getHospitalId().equals(id));
        }
        assertTrue(gone, "a retired hospital is still offered by FindBeds");
    }

    @Test
    void retiringNeedsAReasonAndOnlyCoordinatorsChangeTheRegistry() {
        StatusRuntimeException noReason = assertThrows(StatusRuntimeException.class, () -> coordinator().retireHospital(
                RetireHospitalRequest.newBuilder().setHospitalId("590000017").setIdempotencyKey(UUID.randomUUID().toString()).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noReason.getStatus().getCode());
        StatusRuntimeException staff = assertThrows(StatusRuntimeException.class, () -> capacity
                .withCallCredentials(new BearerToken(TestTokens.hospital("staff", "hospital-staff", "590000017")))
                .retireHospital(RetireHospitalRequest.newBuilder().setHospitalId("590000017").setReason("x")
                        .setIdempotencyKey(UUID.randomUUID().toString()).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, staff.getStatus().getCode());
    }

    private CapacityServiceBlockingStub coordinator() {
        return capacity.withCallCredentials(new BearerToken(COORDINATOR));
    }
}
