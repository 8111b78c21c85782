package org.renfort.capacity.api.grpc;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.ChangeKind;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.GetRegionSnapshotRequest;
import org.renfort.proto.capacity.v1.GetRegionSnapshotResponse;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.capacity.v1.MutinyCapacityServiceGrpc.MutinyCapacityServiceStub;
import org.renfort.proto.capacity.v1.WatchRegionRequest;
import org.renfort.proto.capacity.v1.WatchRegionResponse;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class RegionWatchTest {
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");
    static final String DISPATCHER = TestTokens.user("dispatcher", "dispatcher");
    private static final AtomicInteger IDS = new AtomicInteger(8_000_000);

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @GrpcClient("capacity")
    MutinyCapacityServiceStub mutiny;

    @Test
    void aWatcherGetsASnapshotThenEveryChangeInOrderAndResumesWithoutGapsOrDuplicates() {
        String hospital = register();
        AssertSubscriber<WatchRegionResponse> first = watch(0);
        first.awaitItems(1, Duration.ofSeconds(10));
        long snapshotPosition = first.getItems().get(0).getSnapshot().getPosition();

        publish(hospital, 10, 5, 4);
        publish(hospital, 10, 6, 3);
        first.awaitItems(3, Duration.ofSeconds(10));
        List<WatchRegionResponse> changes = first.getItems().subList(1, 3);
        assertEquals(ChangeKind.CHANGE_KIND_CAPACITY_REPORTED, changes.get(0).getChange().getKind());
        assertTrue(changes.get(0).getChange().getPosition() > snapshotPosition);
        assertTrue(changes.get(1).getChange().getPosition() > changes.get(0).getChange().getPosition());
        assertEquals(3, changes.get(1).getChange().getHospital().getCategories(0).getEffectiveAvailable());
        long lastSeen = changes.get(0).getChange().getPosition();
        first.cancel();

        // Reconnect after the first change: the second is replayed, then the live ones follow.
        publish(hospital, 10, 7, 2);
        AssertSubscriber<WatchRegionResponse> resumed = watch(lastSeen);
        resumed.awaitItems(2, Duration.ofSeconds(10));
        List<Long> positions = resumed.getItems().stream().map(r -> r.getChange().getPosition()).toList();
        assertEquals(changes.get(1).getChange().getPosition(), positions.get(0));
        assertTrue(positions.get(1) > positions.get(0));
        assertEquals(2, resumed.getItems().get(1).getChange().getHospital().getCategories(0).getBeds().getAvailable());
        resumed.cancel();
    }

    @Test
    void theSnapshotShowsEveryHospitalWithItsFreshnessAndHeldBeds() {
        String hospital = register();
        publish(hospital, 12, 4, 8);
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            GetRegionSnapshotResponse snapshot = capacity.withCallCredentials(new BearerToken(DISPATCHER))
                    .getRegionSnapshot(GetRegionSnapshotRequest.getDefaultInstance());
            HospitalPicture picture = snapshot.getHospitalsList().stream()
                    .filter(h -> h.getHospital().getHospitalId().equals(hospital)).findFirst().orElse(null);
            if (picture != null && picture.getCategoriesCount() == 1) {
                assertEquals(8, picture.getCategories(0).getEffectiveAvailable());
                assertEquals(0, picture.getCategories(0).getHeld());
                assertTrue(snapshot.getPosition() > 0);
                return;
            }
        }
        throw new AssertionError("the report did not reach the snapshot within 10 s");
    }

    private AssertSubscriber<WatchRegionResponse> watch(long after) {
        return mutiny.withCallCredentials(new BearerToken(DISPATCHER))
                .watchRegion(WatchRegionRequest.newBuilder().setAfterPosition(after).build())
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    private String register() {
        String id = "59" + IDS.incrementAndGet();
        capacity.withCallCredentials(new BearerToken(COORDINATOR)).createHospital(CreateHospitalRequest.newBuilder()
                .setHospital(CapacityGrpcServiceTest.hospital(id)).setIdempotencyKey(UUID.randomUUID().toString()).build());
        // The picture is eventually consistent (a few ms behind the commit): start watching once
        // the registration is in it, so that it belongs to the snapshot rather than the changes.
        Instant deadline = Instant.now().plusSeconds(10);
        while (capacity.withCallCredentials(new BearerToken(COORDINATOR)).getRegionSnapshot(GetRegionSnapshotRequest.getDefaultInstance())
                .getHospitalsList().stream().noneMatch(h -> h.getHospital().getHospitalId().equals(id))) {
            assertTrue(Instant.now().isBefore(deadline), "the registration never reached the regional picture");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return id;
    }

    private void publish(String hospital, int staffed, int occupied, int available) {
        capacity.withCallCredentials(new BearerToken(COORDINATOR))
                .publishCapacity(CapacityGrpcServiceTest.report(hospital, Instant.now(), staffed, occupied, available));
    }
}
