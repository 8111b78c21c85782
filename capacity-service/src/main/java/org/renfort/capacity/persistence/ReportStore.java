package org.renfort.capacity.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.AcceptedReport;
import org.renfort.capacity.domain.BedCount;
import org.renfort.capacity.domain.CapacityReport;
import org.renfort.capacity.domain.Hospital;
import org.renfort.capacity.domain.HospitalCapacity;
import org.renfort.capacity.domain.HospitalStatus;
import org.renfort.capacity.domain.ReportSource;
import org.renfort.capacity.domain.Reported;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import static org.renfort.capacity.persistence.CapacityRows.timestamp;

/**
 * The capacity report write path - the service's hottest write - on the reactive SQL client, in
 * a handful of statements per report: the hospital's lock, one round trip for what the checks
 * read, one statement for history, lines, current figures and status. Hibernate Reactive (which
 * took half the CPU of this path: persistence context, find-then-update, flush) keeps the registry
 * and the low-rate paths.
 */
@ApplicationScoped
public class ReportStore {
    /**
     * History row, its lines and the current figures in one statement; figures upserted in category
     * order (byte order, as Java sorts names), the order every writer locks a hospital's category rows in.
     * The status is written only when the report carries one.
     */
    private static final String WRITE = """
            WITH beds AS (
                SELECT * FROM unnest($13::varchar[], $14::int[], $15::int[], $16::int[], $17::int[], $18::int[])
                    AS l(category, staffed, occupied, available, a24, a72)),
            report AS (
                INSERT INTO capacity_report (report_id, hospital_id, reported_at, received_at, source, reported_by,
                    idempotency_key, fingerprint, emergency_department_status, emergency_department_reason,
                    facility_status, crisis_plan_level)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)),
            lines AS (
                INSERT INTO capacity_report_line (report_id, category, staffed, occupied, available,
                    additional_within_24h, additional_within_72h)
                SELECT $1::uuid, category, staffed, occupied, available, a24, a72 FROM beds),
            status AS (
                INSERT INTO hospital_status AS s (hospital_id, emergency_department_status, emergency_department_reason,
                    facility_status, crisis_plan_level, reported_at, source, report_id)
                SELECT $2::varchar, $9::varchar, $10::varchar, $11::varchar, $12::varchar, $3::timestamptz, $5::varchar, $1::uuid
                WHERE $11::varchar IS NOT NULL
                ON CONFLICT (hospital_id) DO UPDATE SET emergency_department_status = excluded.emergency_department_status,
                    emergency_department_reason = excluded.emergency_department_reason,
                    facility_status = excluded.facility_status, crisis_plan_level = excluded.crisis_plan_level,
                    reported_at = excluded.reported_at, source = excluded.source, report_id = excluded.report_id)
            INSERT INTO bed_capacity AS b (hospital_id, category, staffed, occupied, available, additional_within_24h,
                additional_within_72h, reported_at, source, report_id)
            SELECT $2::varchar, category, staffed, occupied, available, a24, a72, $3::timestamptz, $5::varchar, $1::uuid
            FROM beds
            ORDER BY category COLLATE "C"
            ON CONFLICT (hospital_id, category) DO UPDATE SET staffed = excluded.staffed, occupied = excluded.occupied,
                available = excluded.available, additional_within_24h = excluded.additional_within_24h,
                additional_within_72h = excluded.additional_within_72h, reported_at = excluded.reported_at,
                source = excluded.source, report_id = excluded.report_id
            RETURNING b.held""";

    /**
     * Beds held against the new figures: active holds, and consumed ones until a report made after
     * the arrival covers the patient.
     */
    private static final String RECOUNT_HELD = """
            UPDATE bed_capacity b SET held = (
                SELECT count(*) FROM bed_hold h
                WHERE h.hospital_id = b.hospital_id AND h.category = b.category
                  AND (h.status = 'ACTIVE' OR (h.status = 'CONSUMED' AND h.closed_at > b.reported_at)))
            WHERE b.hospital_id = $1 AND b.held > 0""";

    /** What the region is told is held: like the counter, without holds already past their expiry. */
    private static final String HELD_NOW = """
            SELECT category, count(*) AS held FROM bed_hold
            WHERE hospital_id = $1 AND ((status = 'ACTIVE' AND expires_at > $2) OR (status = 'CONSUMED' AND closed_at > $3))
            GROUP BY category""";

    private final Pool pool;

    ReportStore(Pool pool) {
        this.pool = pool;
    }

    /** Runs the work in one transaction on one connection: committed if its result succeeds, rolled back if it fails. */
    public <T> Uni<T> inTransaction(Function<ReportTransaction, Uni<T>> work) {
        return pool.withTransaction(connection -> work.apply(new ReportTransaction(connection)));
    }

    /** What a report's checks need, read under the hospital's lock. */
    public record Before(Optional<AcceptedReport> previous, HospitalCapacity current) {
    }

    /** A stored report, and the beds held in its categories once it applies. */
    public record Written(AcceptedReport accepted, Map<BedCategory, Integer> held) {
    }

    /** The statements of one report, on the connection of its transaction. */
    public static final class ReportTransaction {
        private final SqlConnection connection;

        private ReportTransaction(SqlConnection connection) {
            this.connection = connection;
        }

        /** For the audit entry and the change-log row, which commit with the report. */
        public SqlClient client() {
            return connection;
        }

        /** Locks the hospital's row: the reports of one hospital are checked and written one after the other. */
        public Uni<Optional<Hospital>> lockHospital(HospitalId id) {
            return connection.preparedQuery("SELECT * FROM hospital WHERE hospital_id = $1 FOR UPDATE")
                    .execute(Tuple.of(id.value()))
                    .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(CapacityRows.hospital(rows.iterator().next())));
        }

        /** A report already stored under this key, and the current figures: three reads in one round trip (pipelined). */
        public Uni<Before> read(HospitalId id, IdempotencyKey key) {
            Uni<Optional<AcceptedReport>> previous = connection.preparedQuery(
                            "SELECT report_id, source, fingerprint FROM capacity_report WHERE hospital_id = $1 AND idempotency_key = $2")
                    .execute(Tuple.of(id.value(), key.value()))
                    .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(accepted(rows.iterator().next())));
            Uni<RowSet<Row>> beds = connection.preparedQuery("SELECT * FROM bed_capacity WHERE hospital_id = $1")
                    .execute(Tuple.of(id.value()));
            Uni<RowSet<Row>> status = connection.preparedQuery("SELECT * FROM hospital_status WHERE hospital_id = $1")
                    .execute(Tuple.of(id.value()));
            return Uni.combine().all().unis(previous, beds, status).asTuple().map(t -> {
                Map<BedCategory, Reported<BedCount>> figures = new EnumMap<>(BedCategory.class);
                t.getItem2().forEach(r -> {
                    Reported<BedCount> reported = CapacityRows.bedCount(r);
                    figures.put(reported.value().category(), reported);
                });
                Optional<Reported<HospitalStatus>> current = t.getItem3().size() == 0 ? Optional.empty()
                        : Optional.of(CapacityRows.status(t.getItem3().iterator().next()));
                return new Before(t.getItem1(), new HospitalCapacity(id, figures, current));
            });
        }

        /**
         * Stores the report in the history and makes its figures current, then counts the beds held
         * in its categories against them - only in a hospital that holds some, which most don't.
         */
        public Uni<Written> write(CapacityReport report, ReportSource source, String reportedBy, Instant receivedAt) {
            UUID reportId = UUID.randomUUID();
            List<BedCount> beds = report.beds();
            Optional<HospitalStatus> status = report.status();
            Tuple parameters = Tuple.from(new Object[] {reportId, report.hospitalId().value(),
                    timestamp(report.reportedAt()), timestamp(receivedAt), source.name(), reportedBy,
                    report.idempotencyKey().value(), report.fingerprint(),
                    status.map(s -> s.emergencyDepartment().name()).orElse(null),
                    status.map(HospitalStatus::emergencyDepartmentReason).orElse(null),
                    status.map(s -> s.facility().name()).orElse(null),
                    status.map(s -> s.crisisPlan().name()).orElse(null),
                    beds.stream().map(b -> b.category().name()).toArray(String[]::new),
                    beds.stream().map(BedCount::staffed).toArray(Integer[]::new),
                    beds.stream().map(BedCount::occupied).toArray(Integer[]::new),
                    beds.stream().map(BedCount::available).toArray(Integer[]::new),
                    beds.stream().map(BedCount::additionalWithin24h).toArray(Integer[]::new),
                    beds.stream().map(BedCount::additionalWithin72h).toArray(Integer[]::new)});
            AcceptedReport accepted = new AcceptedReport(reportId, source, report.fingerprint());
            return connection.preparedQuery(WRITE).execute(parameters).flatMap(rows -> {
                boolean anyHeld = false;
                for (Row row : rows) {
                    anyHeld |= row.getInteger("held") > 0;
                }
                // No bed held against the old figures: none against the newer ones either.
                return anyHeld ? heldAfter(report, receivedAt).map(held -> new Written(accepted, held))
                        : Uni.createFrom().item(new Written(accepted, Map.of()));
            });
        }

        private Uni<Map<BedCategory, Integer>> heldAfter(CapacityReport report, Instant now) {
            String hospital = report.hospitalId().value();
            Uni<RowSet<Row>> recount = connection.preparedQuery(RECOUNT_HELD).execute(Tuple.of(hospital));
            Uni<RowSet<Row>> held = connection.preparedQuery(HELD_NOW)
                    .execute(Tuple.of(hospital, timestamp(now), timestamp(report.reportedAt())));
            return Uni.combine().all().unis(recount, held).asTuple().map(t -> {
                Map<BedCategory, Integer> byCategory = new EnumMap<>(BedCategory.class);
                t.getItem2().forEach(r -> byCategory.put(BedCategory.valueOf(r.getString("category")),
                        r.getLong("held").intValue()));
                return byCategory;
            });
        }

        private static AcceptedReport accepted(Row row) {
            return new AcceptedReport(row.getUUID("report_id"), ReportSource.valueOf(row.getString("source")),
                    row.getString("fingerprint"));
        }
    }
}
