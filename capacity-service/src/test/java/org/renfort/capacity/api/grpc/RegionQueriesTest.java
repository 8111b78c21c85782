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
import org.renfort.proto.capacity.v1.FindBedsResponse;
import org.renfort.proto.capacity.v1.GetCapacityHistoryRequest;
import org.renfort.proto.capacity.v1.HistoryPoint;
import org.renfort.proto.capacity.v1.ListOverdueHospitalsRequest;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.renfort.testsupport.Eventually.eventually;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class RegionQueriesTest {
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");
    static final String DISPATCHER = TestTokens.user("dispatcher", "dispatcher");
    static final String SERVICE = TestTokens.user("service-account-transfer-service", "service");
    private static final AtomicInteger IDS = new AtomicInteger(9_000_000);

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @Test
    void findBedsRanksFreeBedsByTravelTimeAndForgetsABedOnceHeld() {
        // Three hospitals far from every other test's (they all sit near Armentières).
        String near = register(43.30, 5.40);
        String far = register(43.60, 5.40);
        String full = register(43.31, 5.41);
        publish(near, 10, 9, 1);
        publish(far, 10, 5, 5);
        publish(full, 10, 10, 0);
        FindBedsRequest search = FindBedsRequest.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                .setOriginPosition(GeoPoint.newBuilder().setLatitude(43.29).setLongitude(5.39)).setMaxTravelMinutes(60).build();

        FindBedsResponse found = eventually(() -> find(search), r -> r.getCandidatesCount() == 2);
        assertEquals(List.of(near, far), ids(found));
        assertTrue(found.getCandidates(0).getTravelMinutes() < found.getCandidates(1).getTravelMinutes());
        assertEquals(1, found.getCandidates(0).getBeds().getEffectiveAvailable());

        capacity.withCallCredentials(new BearerToken(SERVICE)).placeHold(BedHoldsTest.hold(near, Duration.ofMinutes(10)));
        assertEquals(List.of(far), ids(eventually(() -> find(search), r -> r.getCandidatesCount() == 1)));
    }

    @Test
    void aSearchFromAnUnknownHospitalIsNotFoundAndAMissingOriginIsNamed() {
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> find(FindBedsRequest.newBuilder()
                .setCategory(BedCategory.BED_CATEGORY_ADULT_ICU).setOriginHospitalId("599999990").setMaxTravelMinutes(30).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        StatusRuntimeException noOrigin = assertThrows(StatusRuntimeException.class, () -> find(FindBedsRequest.newBuilder()
                .setCategory(BedCategory.BED_CATEGORY_ADULT_ICU).setMaxTravelMinutes(30).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noOrigin.getStatus().getCode());
        assertTrue(noOrigin.getStatus().getDescription().startsWith("origin"));
    }

    @Test
    void aHospitalThatNeverReportedIsOverdueAndHistoryKeepsEveryReport() {
        String silent = register(48.85, 2.35);
        assertTrue(eventually(() -> capacity.withCallCredentials(new BearerToken(COORDINATOR))
                        .listOverdueHospitals(ListOverdueHospitalsRequest.getDefaultInstance()),
                r -> r.getHospitalsList().stream().anyMatch(h -> h.getHospital().getHospitalId().equals(silent)))
                .getStaleAfterSeconds() > 0);

        publish(silent, 10, 4, 6);
        publish(silent, 10, 6, 4);
        List<HistoryPoint> history = capacity.withCallCredentials(new BearerToken(DISPATCHER))
                .getCapacityHistory(GetCapacityHistoryRequest.newBuilder().setHospitalId(silent).build()).getPointsList();
        assertEquals(List.of(6, 4), history.stream().map(p -> p.getBeds().getAvailable()).toList());
    }

    private FindBedsResponse find(FindBedsRequest request) {
        return capacity.withCallCredentials(new BearerToken(DISPATCHER)).findBeds(request);
    }

    private static List<String> ids(FindBedsResponse response) {
        return response.getCandidatesList().stream().map(c -> c.getHospital().getHospitalId()).toList();
    }

    private String register(double lat, double lon) {
        String id = "13" + IDS.incrementAndGet();
        capacity.withCallCredentials(new BearerToken(COORDINATOR)).createHospital(CreateHospitalRequest.newBuilder()
                .setHospital(CapacityGrpcServiceTest.hospital(id).toBuilder().setDepartment("13")
                        .setLocation(GeoPoint.newBuilder().setLatitude(lat).setLongitude(lon)))
                .setIdempotencyKey(UUID.randomUUID().toString()).build());
        return id;
    }

    private void publish(String hospital, int staffed, int occupied, int available) {
        capacity.withCallCredentials(new BearerToken(COORDINATOR))
                .publishCapacity(CapacityGrpcServiceTest.report(hospital, Instant.now(), staffed, occupied, available));
    }
}
