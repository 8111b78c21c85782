package org.renfort.capacity.persistence;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.renfort.capacity.api.grpc.BedHoldsTest;
import org.renfort.capacity.api.grpc.CapacityGrpcServiceTest;
import org.renfort.capacity.domain.BedCount;
import org.renfort.capacity.domain.CapacityReport;
import org.renfort.capacity.domain.CrisisPlanLevel;
import org.renfort.capacity.domain.EmergencyDepartmentStatus;
import org.renfort.capacity.domain.FacilityStatus;
import org.renfort.capacity.domain.HospitalStatus;
import org.renfort.capacity.domain.ReportSource;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report write path's statements each serve a whole batch of hospitals (group commit): what
 * one batch writes for each hospital must be what that hospital's report alone would have written.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class ReportStoreTest {
    private static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");
    private static final String SERVICE = TestTokens.user("service-account-transfer-service", "service");

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @Inject
    ReportStore store;

    @Inject
    Pool pool;

    @Test
    void aBatchOfHospitalsIsLockedReadAndWrittenEachAsItsOwnReport() {
        Instant earlier = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS);
        Instant now = earlier.plusSeconds(59);
        List<String> ids = List.of(registered(earlier), registered(earlier), registered(earlier));
        String withStatus = ids.get(0), holding = ids.get(1), full = ids.get(2);
        for (int i = 0; i < 2; i++) {
            as(SERVICE).placeHold(BedHoldsTest.hold(holding, Duration.ofMinutes(15)));
        }
        as(SERVICE).placeHold(BedHoldsTest.hold(full, Duration.ofMinutes(15))); // a hold outlives the beds it was taken from
        String unknown = "59" + (1_000_000 + (int) (Math.random() * 8_000_000));
        HospitalStatus advisory = new HospitalStatus(EmergencyDepartmentStatus.ADVISORY, "afflux", FacilityStatus.NORMAL,
                CrisisPlanLevel.INTERNAL_MOBILISATION);
        List<ReportStore.ToWrite> batch = List.of(
                toWrite(withStatus, now, List.of(icu(10, 6, 4), new BedCount(BedCategory.MEDICINE, 20, 10, 10, 2, 3)),
                        Optional.of(advisory)),
                toWrite(holding, now, List.of(icu(10, 7, 3)), Optional.empty()),
                toWrite(full, now, List.of(icu(10, 10, 0)), Optional.empty()));
        Map<HospitalId, IdempotencyKey> keys = new LinkedHashMap<>();
        batch.forEach(w -> keys.put(w.report().hospitalId(), w.report().idempotencyKey()));
        keys.put(new HospitalId(unknown), new IdempotencyKey(UUID.randomUUID().toString()));

        Map<HospitalId, ReportStore.Before> before = new HashMap<>();
        List<ReportStore.Written> written = store.inTransaction(tx -> tx.lockAndRead(keys)
                .invoke(before::putAll)
                .chain(read -> tx.write(batch, now))).await().atMost(Duration.ofSeconds(10));

        assertTrue(before.get(new HospitalId(unknown)).hospital().isEmpty(), "an unknown hospital is read as absent");
        for (String id : ids) {
            ReportStore.Before read = before.get(new HospitalId(id));
            assertTrue(read.hospital().isPresent() && read.previous().isEmpty(), id);
            assertEquals(5, read.current().beds().get(BedCategory.ADULT_ICU).value().available(), "figures read for " + id);
        }
        assertEquals(3, written.size());
        assertEquals(Map.of(), written.get(0).held());
        assertEquals(Map.of(BedCategory.ADULT_ICU, 2), written.get(1).held(), "each holding hospital's beds recounted, its own only");
        assertEquals(Map.of(BedCategory.ADULT_ICU, 1), written.get(2).held());

        Map<String, String> figures = new HashMap<>();
        rows("SELECT hospital_id, category, available, held, report_id FROM bed_capacity WHERE hospital_id = ANY($1)", ids)
                .forEach(r -> figures.put(r.getString("hospital_id") + "/" + r.getString("category"),
                        r.getInteger("available") + " held " + r.getInteger("held") + " by " + r.getUUID("report_id")));
        UUID first = written.get(0).accepted().reportId();
        assertEquals(Map.of(withStatus + "/ADULT_ICU", "4 held 0 by " + first, withStatus + "/MEDICINE", "10 held 0 by " + first,
                holding + "/ADULT_ICU", "3 held 2 by " + written.get(1).accepted().reportId(),
                full + "/ADULT_ICU", "0 held 1 by " + written.get(2).accepted().reportId()), figures);
        List<Row> statuses = rows("SELECT hospital_id, emergency_department_status, crisis_plan_level, report_id "
                + "FROM hospital_status WHERE hospital_id = ANY($1) AND report_id IN (SELECT report_id FROM capacity_report "
                + "WHERE reported_at = $2)", ids, now);
        assertEquals(1, statuses.size(), "only the report that carries a status writes one");
        assertEquals(List.of(withStatus, "ADVISORY", "INTERNAL_MOBILISATION", first), List.of(statuses.get(0).getString("hospital_id"),
                statuses.get(0).getString("emergency_department_status"), statuses.get(0).getString("crisis_plan_level"),
                statuses.get(0).getUUID("report_id")));
        List<Row> history = rows("SELECT r.hospital_id, count(*) AS lines FROM capacity_report r JOIN capacity_report_line l "
                + "USING (report_id) WHERE r.hospital_id = ANY($1) AND r.reported_at = $2 GROUP BY r.hospital_id", ids, now);
        Map<String, Long> lines = new HashMap<>();
        history.forEach(r -> lines.put(r.getString("hospital_id"), r.getLong("lines")));
        assertEquals(Map.of(withStatus, 2L, holding, 1L, full, 1L), lines);

        Map<HospitalId, ReportStore.Before> again = store.inTransaction(tx -> tx.lockAndRead(keys)).await().atMost(Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.of(written.get(i).accepted()), again.get(new HospitalId(ids.get(i))).previous(),
                    "a resend finds its report under its hospital's key");
        }
    }

    private String registered(Instant reportedAt) {
        String id = "59" + (1_000_000 + (int) (Math.random() * 8_000_000));
        as(COORDINATOR).createHospital(CreateHospitalRequest.newBuilder().setHospital(CapacityGrpcServiceTest.hospital(id))
                .setIdempotencyKey(UUID.randomUUID().toString()).build());
        as(COORDINATOR).publishCapacity(CapacityGrpcServiceTest.report(id, reportedAt, 10, 5, 5));
        return id;
    }

    private static BedCount icu(int staffed, int occupied, int available) {
        return new BedCount(BedCategory.ADULT_ICU, staffed, occupied, available, 0, 0);
    }

    private static ReportStore.ToWrite toWrite(String hospital, Instant at, List<BedCount> beds, Optional<HospitalStatus> status) {
        return new ReportStore.ToWrite(new CapacityReport(new HospitalId(hospital), at, new IdempotencyKey(UUID.randomUUID().toString()),
                beds, status), ReportSource.HOSPITAL_SYSTEM, "system-" + hospital);
    }

    private List<Row> rows(String sql, List<String> hospitals, Object... more) {
        Object[] parameters = new Object[1 + more.length];
        parameters[0] = hospitals.toArray(String[]::new);
        for (int i = 0; i < more.length; i++) {
            parameters[i + 1] = more[i] instanceof Instant at ? CapacityRows.timestamp(at) : more[i];
        }
        List<Row> rows = new java.util.ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        return rows;
    }

    private CapacityServiceBlockingStub as(String token) {
        return capacity.withCallCredentials(new BearerToken(token));
    }
}
