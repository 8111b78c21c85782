package org.renfort.capacity.application;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.renfort.capacity.api.grpc.BedHoldsTest;
import org.renfort.capacity.api.grpc.CapacityGrpcServiceTest;
import org.renfort.capacity.config.CapacityConfig;
import org.renfort.capacity.persistence.RegionReader;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.ConsumeHoldRequest;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.HoldStatus;
import org.renfort.proto.capacity.v1.PlaceHoldRequest;
import org.renfort.proto.capacity.v1.PlaceHoldResponse;
import org.renfort.proto.capacity.v1.ReleaseHoldRequest;
import org.renfort.servicekit.PostgresNotifications;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.renfort.testsupport.Eventually.eventually;

/**
 * Each rule of the data lifecycle on the real schema, run as the service's own role: what it
 * deletes or moves, what it must keep, and what a reader behind the retention does. Its own
 * profile: a database of its own (cleaned at start), short retentions, small batches.
 */
@QuarkusTest
@TestProfile(DataLifecycleTest.ShortRetention.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class DataLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SERVICE = TestTokens.user("service-account-transfer-service", "service");
    private static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");
    private static final AtomicInteger IDS = new AtomicInteger(8_100_000);

    public static class ShortRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("renfort.capacity.retention.change-log", "1h", "renfort.capacity.retention.hold-archive-after", "1h",
                    "renfort.capacity.retention.batch", "2");
        }
    }

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;
    @Inject
    Pool pool;
    @Inject
    DataLifecycle lifecycle;
    @Inject
    RegionView view;
    @Inject
    RegionReader reader;
    @Inject
    PostgresNotifications notifications;
    @Inject
    CapacityConfig config;

    /**
     * Old change-log entries are deleted; a region view that still needed them - here one that
     * stopped following the log - rebuilds its picture from the tables by itself and gives its
     * watchers a new snapshot, instead of skipping what it missed.
     */
    @Test
    void theChangeLogKeepsItsRetentionAndAViewBehindItRebuildsItsPicture() {
        String hospital = hospital(Instant.now(), 10);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RegionView lagging = new RegionView(reader, notifications, Clock.systemUTC(), config, meters);
        lagging.load().await().atMost(WAIT); // its picture, without following the log
        List<RegionView.Snapshot> snapshots = new CopyOnWriteArrayList<>();
        lagging.watch(0, snapshots::add, change -> { });
        assertEquals(10, available(lagging, hospital));

        as(COORDINATOR).publishCapacity(CapacityGrpcServiceTest.report(hospital, Instant.now(), 30, 24, 6));
        long entries = one("select count(*) from capacity_change").getLong(0);
        long last = one("select max(position) from capacity_change").getLong(0);
        pool.query("update capacity_change set occurred_at = occurred_at - interval '3 hours'").execute().await().atMost(WAIT);

        assertEquals(entries, lifecycle.apply().await().atMost(WAIT).changesDeleted(), "every entry, in batches of two");
        assertEquals(0L, one("select count(*) from capacity_change").getLong(0));
        assertEquals(last, one("select purged_through from change_log_retention").getLong(0));

        as(COORDINATOR).publishCapacity(CapacityGrpcServiceTest.report(hospital, Instant.now(), 30, 26, 4));
        eventually(() -> available(view, hospital), beds -> beds == 4);
        lagging.catchUp();

        eventually(() -> lagging.snapshot().position(), position -> position == view.snapshot().position());
        assertEquals(4, available(lagging, hospital), "the picture as the tables have it, not the one before the gap");
        assertEquals(2, snapshots.size(), "the watcher's first snapshot, then the rebuilt one");
        assertEquals(lagging.snapshot().position(), snapshots.get(1).position());
        assertEquals(1.0, meters.counter("renfort.region.view.rebuilds").count());
    }

    /**
     * Released and expired holds, and consumed ones once a report covers the patient, move to
     * the archive; they still answer by id and by idempotency key, and what is held is unchanged.
     */
    @Test
    void closedHoldsThatNoLongerCountMoveToTheArchiveAndStillAnswer() {
        String hospital = hospital(Instant.now().minus(Duration.ofHours(5)), 10);
        PlaceHoldRequest releasedRequest = BedHoldsTest.hold(hospital, Duration.ofHours(2));
        String released = as(SERVICE).placeHold(releasedRequest).getHold().getHoldId();
        String consumed = as(SERVICE).placeHold(BedHoldsTest.hold(hospital, Duration.ofHours(2))).getHold().getHoldId();
        String active = as(SERVICE).placeHold(BedHoldsTest.hold(hospital, Duration.ofHours(2))).getHold().getHoldId();
        as(SERVICE).releaseHold(ReleaseHoldRequest.newBuilder().setHoldId(released).build());
        as(SERVICE).consumeHold(ConsumeHoldRequest.newBuilder().setHoldId(consumed).build());
        // Closed three hours ago: past the retention, and after the hospital's last report (5 h ago).
        pool.query("update bed_hold set closed_at = closed_at - interval '3 hours' where hold_id in ('" + released + "', '"
                + consumed + "')").execute().await().atMost(WAIT);

        assertEquals(1, lifecycle.apply().await().atMost(WAIT).holdsArchived(), "the consumed hold still counts");
        assertEquals(List.of(released), archived());

        PlaceHoldResponse resent = as(SERVICE).placeHold(releasedRequest);
        assertEquals(released, resent.getHold().getHoldId(), "an archived hold still answers its idempotency key");
        assertEquals(HoldStatus.HOLD_STATUS_RELEASED, resent.getHold().getStatus());
        assertEquals(8, resent.getEffectiveAvailable(), "10 available, the consumed and the active hold counted");
        assertEquals(HoldStatus.HOLD_STATUS_RELEASED, as(SERVICE).releaseHold(
                ReleaseHoldRequest.newBuilder().setHoldId(released).build()).getHold().getStatus());

        // A report made after the arrival covers the patient: the consumed hold stops counting and may go.
        as(COORDINATOR).publishCapacity(CapacityGrpcServiceTest.report(hospital, Instant.now(), 30, 21, 9));
        assertEquals(1, lifecycle.apply().await().atMost(WAIT).holdsArchived());
        assertEquals(List.of(consumed, released).stream().sorted().toList(), archived());
        assertEquals(HoldStatus.HOLD_STATUS_CONSUMED, as(SERVICE).consumeHold(
                ConsumeHoldRequest.newBuilder().setHoldId(consumed).build()).getHold().getStatus());
        assertFalse(archived().contains(active));
        assertEquals(7, as(SERVICE).placeHold(BedHoldsTest.hold(hospital, Duration.ofHours(2))).getEffectiveAvailable(),
                "9 available, the active hold and this one held");
        assertEquals(0, lifecycle.apply().await().atMost(WAIT).holdsArchived(), "active holds stay");
    }

    private String hospital(Instant reportedAt, int available) {
        String id = "59" + IDS.incrementAndGet();
        as(COORDINATOR).createHospital(CreateHospitalRequest.newBuilder()
                .setHospital(CapacityGrpcServiceTest.hospital(id)).setIdempotencyKey(UUID.randomUUID().toString()).build());
        as(COORDINATOR).publishCapacity(CapacityGrpcServiceTest.report(id, reportedAt, 30, 30 - available, available));
        return id;
    }

    private static int available(RegionView view, String hospital) {
        return view.hospital(new HospitalId(hospital)).map(h -> h.categories().get(BedCategory.ADULT_ICU))
                .map(c -> c.beds().available()).orElse(-1);
    }

    private List<String> archived() {
        return pool.query("select hold_id::text from bed_hold_archive order by 1").execute().await().atMost(WAIT)
                .stream().map(r -> r.getString(0)).toList();
    }

    private Row one(String query) {
        return pool.query(query).execute().await().atMost(WAIT).iterator().next();
    }

    private CapacityServiceBlockingStub as(String token) {
        return capacity.withCallCredentials(new BearerToken(token));
    }
}
