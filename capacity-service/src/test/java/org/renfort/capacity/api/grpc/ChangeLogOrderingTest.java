package org.renfort.capacity.api.grpc;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.ChangeKind;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.MutinyCapacityServiceGrpc.MutinyCapacityServiceStub;
import org.renfort.proto.capacity.v1.WatchRegionRequest;
import org.renfort.proto.capacity.v1.WatchRegionResponse;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writers take change-log positions without coordinating, so they can commit out of order or
 * roll back. Watchers must still get every committed change, in position order, exactly once.
 * The writers here are raw JDBC transactions, to choose when each one commits.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class ChangeLogOrderingTest {
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @GrpcClient("capacity")
    MutinyCapacityServiceStub mutiny;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @Test
    void aLateCommitIsDeliveredBeforeTheLaterPositionsAndARolledBackPositionIsSkipped() throws Exception {
        String hospital = "59" + (9_500_000 + (int) (Math.random() * 100_000));
        capacity.withCallCredentials(new BearerToken(COORDINATOR)).createHospital(CreateHospitalRequest.newBuilder()
                .setHospital(CapacityGrpcServiceTest.hospital(hospital)).setIdempotencyKey(UUID.randomUUID().toString()).build());
        capacity.withCallCredentials(new BearerToken(COORDINATOR))
                .publishCapacity(CapacityGrpcServiceTest.report(hospital, Instant.now(), 10, 5, 5));
        AssertSubscriber<WatchRegionResponse> watcher = mutiny.withCallCredentials(new BearerToken(COORDINATOR))
                .watchRegion(WatchRegionRequest.getDefaultInstance())
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        watcher.awaitItems(1, Duration.ofSeconds(10));
        int seen = watcher.getItems().size();

        try (Connection early = connect(); Connection late = connect(); Connection aborted = connect()) {
            long first = append(early, hospital, 1);
            long second = append(late, hospital, 2);
            late.commit();
            // The later position is committed, the earlier not yet: nothing of this hospital may be delivered.
            Thread.sleep(500);
            assertEquals(List.of(), positionsAfter(watcher, seen, hospital), "a change was delivered before an earlier position committed");
            early.commit();
            awaitPositions(watcher, seen, hospital, 2);
            assertEquals(List.of(first, second), positionsAfter(watcher, seen, hospital));

            long lost = append(aborted, hospital, 3);
            aborted.rollback();
            try (Connection after = connect()) {
                long next = append(after, hospital, 4);
                after.commit();
                awaitPositions(watcher, seen, hospital, 3);
                assertEquals(List.of(first, second, next), positionsAfter(watcher, seen, hospital));
                assertTrue(next > lost);
            }
        }
        watcher.cancel();
    }

    /**
     * Another client of the server leaves a transaction open (the cluster's xmin stays behind
     * it) while a writer's position is rolled back: the view skips the hole once no transaction
     * of the service can still fill it (its transaction timeout, 5 s in tests), not when that
     * other transaction ends - here it never does during the test.
     */
    @Test
    void aRolledBackPositionIsSkippedAfterTheServicesTransactionTimeoutWhateverRunsElsewhere() throws Exception {
        String hospital = "59" + (9_600_000 + (int) (Math.random() * 100_000));
        capacity.withCallCredentials(new BearerToken(COORDINATOR)).createHospital(CreateHospitalRequest.newBuilder()
                .setHospital(CapacityGrpcServiceTest.hospital(hospital)).setIdempotencyKey(UUID.randomUUID().toString()).build());
        AssertSubscriber<WatchRegionResponse> watcher = mutiny.withCallCredentials(new BearerToken(COORDINATOR))
                .watchRegion(WatchRegionRequest.getDefaultInstance())
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        watcher.awaitItems(1, Duration.ofSeconds(10));
        int seen = watcher.getItems().size();
        try (Connection elsewhere = connect(); Connection aborted = connect(); Connection after = connect()) {
            try (PreparedStatement open = elsewhere.prepareStatement("select txid_current()")) {
                open.execute();
            }
            append(aborted, hospital, 1);
            aborted.rollback();
            long next = append(after, hospital, 2);
            after.commit();
            awaitPositions(watcher, seen, hospital, 1);
            assertEquals(List.of(next), positionsAfter(watcher, seen, hospital), "the view waited for a transaction that is not ours");
        }
        watcher.cancel();
    }

    /**
     * This test's changes only: other tests' holds may expire meanwhile and be delivered too, and
     * the hospital's registration or first report may reach the view after the watcher's snapshot
     * was taken, so it can arrive as a change.
     */
    private static List<Long> positionsAfter(AssertSubscriber<WatchRegionResponse> watcher, int seen, String hospital) {
        List<WatchRegionResponse> items = List.copyOf(watcher.getItems());
        return items.subList(seen, items.size()).stream()
                .filter(r -> r.getChange().getKind() == ChangeKind.CHANGE_KIND_HOLD_PLACED)
                .filter(r -> r.getChange().getHospital().getHospital().getHospitalId().equals(hospital))
                .map(r -> r.getChange().getPosition()).toList();
    }

    private static void awaitPositions(AssertSubscriber<WatchRegionResponse> watcher, int seen, String hospital, int count) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (positionsAfter(watcher, seen, hospital).size() < count && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
    }

    /** Appends a hold change the way the service does: after another write, then NOTIFY. */
    private static long append(Connection c, String hospital, int held) throws SQLException {
        try (PreparedStatement write = c.prepareStatement("select txid_current()")) {
            write.execute();
        }
        try (PreparedStatement insert = c.prepareStatement("insert into capacity_change (hospital_id, kind, occurred_at, payload) "
                + "values (?, 'HOLD_PLACED', now(), ?) returning position")) {
            insert.setString(1, hospital);
            insert.setString(2, "{\"category\":\"ADULT_ICU\",\"held\":" + held + "}");
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                long position = rs.getLong(1);
                try (PreparedStatement notify = c.prepareStatement("select pg_notify('renfort_capacity_changes', '')")) {
                    notify.execute();
                }
                return position;
            }
        }
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        c.setAutoCommit(false);
        return c;
    }
}
