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
import org.renfort.proto.audit.v1.AuditEvent;
import org.renfort.proto.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.audit.v1.ListAuditEventsResponse;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.GetCapacityHistoryRequest;
import org.renfort.proto.capacity.v1.GetCapacityHistoryResponse;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HistoryPoint;
import org.renfort.proto.capacity.v1.ListHospitalsRequest;
import org.renfort.proto.capacity.v1.ListHospitalsResponse;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every list pages by cursor: walking the pages gives exactly the unpaged answer, in the same
 * order, nothing twice, nothing missing; a token this service did not issue is named.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class PagedListsTest {
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");
    // A department of its own for the registry walk (the other tests here register in 91).
    static final String DEPARTMENT = "90";

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @GrpcClient("capacity")
    AuditServiceBlockingStub audit;

    @Test
    void theRegistryPagesByFinessNumber() {
        for (int i = 5; i >= 1; i--) {
            register(DEPARTMENT + "0000" + i + "00");
        }
        ListHospitalsRequest all = ListHospitalsRequest.newBuilder().setDepartment(DEPARTMENT).build();
        List<String> unpaged = ids(coordinator().listHospitals(all).getHospitalsList());
        assertEquals(5, unpaged.size());
        assertEquals(unpaged.stream().sorted().toList(), unpaged);

        List<List<String>> pages = walk(token -> coordinator().listHospitals(all.toBuilder().setPageSize(2).setPageToken(token).build()),
                r -> ids(r.getHospitalsList()), ListHospitalsResponse::getNextPageToken);
        assertEquals(List.of(2, 2, 1), pages.stream().map(List::size).toList());
        assertEquals(unpaged, pages.stream().flatMap(List::stream).toList());

        refused("page_token", () -> coordinator().listHospitals(all.toBuilder().setPageToken("page-2").build()));
        refused("page_size", () -> coordinator().listHospitals(all.toBuilder().setPageSize(1001).build()));
    }

    @Test
    void aHospitalsHistoryPagesOldestFirst() {
        String hospital = "910000900";
        register(hospital);
        Instant first = Instant.now().minusSeconds(600);
        for (int i = 0; i < 5; i++) {
            coordinator().publishCapacity(CapacityGrpcServiceTest.report(hospital, first.plusSeconds(60L * i), 20, 10 + i, 10 - i));
        }
        GetCapacityHistoryRequest all = GetCapacityHistoryRequest.newBuilder().setHospitalId(hospital).build();
        GetCapacityHistoryResponse unpaged = coordinator().getCapacityHistory(all);
        assertEquals(List.of(10, 9, 8, 7, 6), unpaged.getPointsList().stream().map(p -> p.getBeds().getAvailable()).toList());
        assertTrue(unpaged.getNextPageToken().isEmpty(), "the whole history fits the default page");

        List<List<HistoryPoint>> pages = walk(token -> coordinator().getCapacityHistory(all.toBuilder().setPageSize(2).setPageToken(token).build()),
                GetCapacityHistoryResponse::getPointsList, GetCapacityHistoryResponse::getNextPageToken);
        assertEquals(unpaged.getPointsList(), pages.stream().flatMap(List::stream).toList());

        refused("page_token", () -> coordinator().getCapacityHistory(all.toBuilder().setPageToken("yesterday").build()));
    }

    @Test
    void theAuditTrailPagesNewestFirstFromAnyEventsPlace() {
        String hospital = "910000800";
        register(hospital);
        for (int i = 0; i < 4; i++) {
            coordinator().publishCapacity(CapacityGrpcServiceTest.report(hospital, Instant.now().minusSeconds(100 - i), 20, 10, 10));
        }
        ListAuditEventsRequest all = ListAuditEventsRequest.newBuilder().setHospitalId(hospital).setLimit(500).build();
        List<String> unpaged = audit.withCallCredentials(new BearerToken(COORDINATOR)).listAuditEvents(all).getEventsList().stream()
                .map(AuditEvent::getEventId).toList();
        assertEquals(5, unpaged.size(), "the registration and four reports");

        List<List<String>> pages = walk(token -> audit.withCallCredentials(new BearerToken(COORDINATOR))
                        .listAuditEvents(all.toBuilder().setLimit(2).setPageToken(token).build()),
                r -> r.getEventsList().stream().map(AuditEvent::getEventId).toList(), ListAuditEventsResponse::getNextPageToken);
        assertEquals(unpaged, pages.stream().flatMap(List::stream).toList());

        refused("page_token", () -> audit.withCallCredentials(new BearerToken(COORDINATOR))
                .listAuditEvents(all.toBuilder().setPageToken("2026-12-06T10:00:00Z").build()));
    }

    /** Follows next-page tokens from the first page to the last (a full last page is followed by an empty one). */
    private static <R, T> List<List<T>> walk(Function<String, R> call, Function<R, List<T>> items, Function<R, String> next) {
        List<List<T>> pages = new ArrayList<>();
        String token = "";
        do {
            R page = call.apply(token);
            if (!items.apply(page).isEmpty()) {
                pages.add(items.apply(page));
            }
            token = next.apply(page);
        } while (!token.isEmpty() && pages.size() < 100);
        return pages;
    }

    private static void refused(String field, Runnable call) {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains(field), refused.getStatus().getDescription());
    }

    private CapacityServiceBlockingStub coordinator() {
        return capacity.withCallCredentials(new BearerToken(COORDINATOR));
    }

    private void register(String id) {
        coordinator().createHospital(CreateHospitalRequest.newBuilder().setHospital(CapacityGrpcServiceTest.hospital(id))
                .setIdempotencyKey(UUID.randomUUID().toString()).build());
    }

    private static List<String> ids(List<Hospital> hospitals) {
        return hospitals.stream().map(Hospital::getHospitalId).toList();
    }
}
