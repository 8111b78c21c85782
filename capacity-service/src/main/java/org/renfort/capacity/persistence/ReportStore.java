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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static org.renfort.capacity.persistence.CapacityRows.timestamp;

/**
 * The capacity report write path - the service's hottest write - on the reactive SQL client. A
 * transaction writes the reports of several hospitals that arrived together (group commit) with
 * the same statements as one report: one locks their hospitals, three read what the checks need,
 * one writes history, lines, current figures and status for all of them, one the audit entries,
 * one the change-log rows - each a multi-row statement over arrays, so PostgreSQL parses, plans
 * and runs each once per batch, not once per report. Hibernate Reactive (which took half the CPU
 * of this path: persistence context, find-then-update, flush) keeps the registry and the
 * low-rate paths.
 */
@ApplicationScoped
public class ReportStore {
    /** Hospitals locked in byte order of their ids, the order every writer takes them in. */
    private static final String LOCK_HOSPITALS =
            "SELECT * FROM hospital WHERE hospital_id = ANY($1) ORDER BY hospital_id COLLATE \"C\" FOR UPDATE";

    /** Reports already stored under the hospitals' keys (one key per hospital). */
    private static final String STORED_UNDER_KEYS = """
            SELECT c.hospital_id, c.report_id, c.source, c.fingerprint
            FROM capacity_report c JOIN unnest($1::varchar[], $2::varchar[]) AS k(hospital_id, idempotency_key)
                ON c.hospital_id = k.hospital_id AND c.idempotency_key = k.idempotency_key""";

    /**
     * History rows, their lines and the current figures of a batch of reports in one statement.
     * Figures upserted in (hospital, category) byte order - the order every writer locks category
     * rows in; a status written only for the reports that carry one.
     */
    private static final String WRITE = """
            WITH reports AS (
                SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[], $4::varchar[], $5::varchar[],
                    $6::varchar[], $7::varchar[], $8::varchar[], $9::varchar[], $10::varchar[], $11::varchar[])
                    AS r(report_id, hospital_id, reported_at, source, reported_by, idempotency_key, fingerprint,
                        ed_status, ed_reason, facility_status, crisis_plan_level)),
            beds AS (
                SELECT * FROM unnest($12::uuid[], $13::varchar[], $14::int[], $15::int[], $16::int[], $17::int[], $18::int[])
                    AS l(report_id, category, staffed, occupied, available, a24, a72)),
            report AS (
                INSERT INTO capacity_report (report_id, hospital_id, reported_at, received_at, source, reported_by,
                    idempotency_key, fingerprint, emergency_department_status, emergency_department_reason,
                    facility_status, crisis_plan_level)
                SELECT report_id, hospital_id, reported_at, $19::timestamptz, source, reported_by, idempotency_key,
                    fingerprint, ed_status, ed_reason, facility_status, crisis_plan_level
                FROM reports),
            lines AS (
                INSERT INTO capacity_report_line (report_id, category, staffed, occupied, available,
                    additional_within_24h, additional_within_72h)
                SELECT report_id, category, staffed, occupied, available, a24, a72 FROM beds),
            status AS (
                INSERT INTO hospital_status AS s (hospital_id, emergency_department_status, emergency_department_reason,
                    facility_status, crisis_plan_level, reported_at, source, report_id)
                SELECT hospital_id, ed_status, ed_reason, facility_status, crisis_plan_level, reported_at, source, report_id
                FROM reports WHERE facility_status IS NOT NULL
                ORDER BY hospital_id COLLATE "C"
                ON CONFLICT (hospital_id) DO UPDATE SET emergency_department_status = excluded.emergency_department_status,
                    emergency_department_reason = excluded.emergency_department_reason,
                    facility_status = excluded.facility_status, crisis_plan_level = excluded.crisis_plan_level,
                    reported_at = excluded.reported_at, source = excluded.source, report_id = excluded.report_id)
            INSERT INTO bed_capacity AS b (hospital_id, category, staffed, occupied, available, additional_within_24h,
                additional_within_72h, reported_at, source, report_id)
            SELECT r.hospital_id, l.category, l.staffed, l.occupied, l.available, l.a24, l.a72, r.reported_at, r.source, r.report_id
            FROM beds l JOIN reports r ON r.report_id = l.report_id
            ORDER BY r.hospital_id COLLATE "C", l.category COLLATE "C"
            ON CONFLICT (hospital_id, category) DO UPDATE SET staffed = excluded.staffed, occupied = excluded.occupied,
                available = excluded.available, additional_within_24h = excluded.additional_within_24h,
                additional_within_72h = excluded.additional_within_72h, reported_at = excluded.reported_at,
                source = excluded.source, report_id = excluded.report_id
            RETURNING b.hospital_id, b.held""";

    /**
     * Beds held against the new figures: active holds, and consumed ones until a report made after
     * the arrival covers the patient.
     */
    private static final String RECOUNT_HELD = """
            UPDATE bed_capacity b SET held = (
                SELECT count(*) FROM bed_hold h
                WHERE h.hospital_id = b.hospital_id AND h.category = b.category
                  AND (h.status = 'ACTIVE' OR (h.status = 'CONSUMED' AND h.closed_at > b.reported_at)))
            WHERE b.hospital_id = ANY($1) AND b.held > 0""";

    /** What the region is told is held: like the counter, without holds already past their expiry. */
    private static final String HELD_NOW = """
            SELECT h.hospital_id, h.category, count(*) AS held
            FROM bed_hold h JOIN unnest($1::varchar[], $2::timestamptz[]) AS r(hospital_id, reported_at)
                ON h.hospital_id = r.hospital_id
            WHERE (h.status = 'ACTIVE' AND h.expires_at > $3) OR (h.status = 'CONSUMED' AND h.closed_at > r.reported_at)
            GROUP BY h.hospital_id, h.category""";

    private final Pool pool;

    ReportStore(Pool pool) {
        this.pool = pool;
    }

    /** Runs the work in one transaction on one connection: committed if its result succeeds, rolled back if it fails. */
    public <T> Uni<T> inTransaction(Function<ReportTransaction, Uni<T>> work) {
        return pool.withTransaction(connection -> work.apply(new ReportTransaction(connection)));
    }

    /** What a report's checks need, read under its hospital's lock: the hospital (empty if unknown), a report stored under the key, the current figures. */
    public record Before(Optional<Hospital> hospital, Optional<AcceptedReport> previous, HospitalCapacity current) {
    }

    /** A report to write, with its source and the subject who sent it. */
    public record ToWrite(CapacityReport report, ReportSource source, String reportedBy) {
    }

    /** A stored report, and the beds held in its categories once it applies. */
    public record Written(AcceptedReport accepted, Map<BedCategory, Integer> held) {
    }

    /** The statements of a batch of reports, on the connection of its transaction. */
    public static final class ReportTransaction {
        private final SqlConnection connection;

        private ReportTransaction(SqlConnection connection) {
            this.connection = connection;
        }

        /** For the audit entries and the change-log rows, which commit with the reports. */
        public SqlClient client() {
            return connection;
        }

        /**
         * Locks the hospitals' rows - the reports of one hospital are checked and written one after
         * the other - and reads, under those locks, what each report's checks need: four statements
         * sent together (pipelined; PostgreSQL runs them in order, so the reads follow the lock).
         *
         * @param keys one idempotency key per hospital
         */
        public Uni<Map<HospitalId, Before>> lockAndRead(Map<HospitalId, IdempotencyKey> keys) {
            List<HospitalId> ids = List.copyOf(keys.keySet());
            String[] hospitals = ids.stream().map(HospitalId::value).toArray(String[]::new);
            String[] idempotencyKeys = ids.stream().map(id -> keys.get(id).value()).toArray(String[]::new);
            Uni<RowSet<Row>> locked = connection.preparedQuery(LOCK_HOSPITALS).execute(Tuple.from(new Object[] {hospitals}));
            Uni<RowSet<Row>> stored = connection.preparedQuery(STORED_UNDER_KEYS)
                    .execute(Tuple.from(new Object[] {hospitals, idempotencyKeys}));
            Uni<RowSet<Row>> beds = connection.preparedQuery("SELECT * FROM bed_capacity WHERE hospital_id = ANY($1)")
                    .execute(Tuple.from(new Object[] {hospitals}));
            Uni<RowSet<Row>> status = connection.preparedQuery("SELECT * FROM hospital_status WHERE hospital_id = ANY($1)")
                    .execute(Tuple.from(new Object[] {hospitals}));
            return Uni.combine().all().unis(locked, stored, beds, status).asTuple().map(t -> {
                Map<String, Hospital> hospitalById = new HashMap<>();
                t.getItem1().forEach(r -> hospitalById.put(r.getString("hospital_id"), CapacityRows.hospital(r)));
                Map<String, AcceptedReport> previous = new HashMap<>();
                t.getItem2().forEach(r -> previous.put(r.getString("hospital_id"), accepted(r)));
                Map<String, Map<BedCategory, Reported<BedCount>>> figures = new HashMap<>();
                t.getItem3().forEach(r -> {
                    Reported<BedCount> reported = CapacityRows.bedCount(r);
                    figures.computeIfAbsent(r.getString("hospital_id"), h -> new EnumMap<>(BedCategory.class))
                            .put(reported.value().category(), reported);
                });
                Map<String, Reported<HospitalStatus>> statuses = new HashMap<>();
                t.getItem4().forEach(r -> statuses.put(r.getString("hospital_id"), CapacityRows.status(r)));
                Map<HospitalId, Before> before = new HashMap<>();
                for (HospitalId id : ids) {
                    before.put(id, new Before(Optional.ofNullable(hospitalById.get(id.value())),
                            Optional.ofNullable(previous.get(id.value())),
                            new HospitalCapacity(id, figures.getOrDefault(id.value(), new EnumMap<>(BedCategory.class)),
                                    Optional.ofNullable(statuses.get(id.value())))));
                }
                return before;
            });
        }

        /**
         * Stores the reports (of distinct hospitals) in the history and makes their figures current
         * in one statement, then counts the beds held in their categories against them - only in
         * the hospitals that hold some, which most don't. Answers in the reports' order.
         */
        public Uni<List<Written>> write(List<ToWrite> reports, Instant receivedAt) {
            int n = reports.size();
            UUID[] reportIds = new UUID[n];
            String[] hospitals = new String[n];
            OffsetDateTime[] reportedAt = new OffsetDateTime[n];
            String[] sources = new String[n];
            String[] reportedBy = new String[n];
            String[] idempotencyKeys = new String[n];
            String[] fingerprints = new String[n];
            String[] emergencyDepartment = new String[n];
            String[] emergencyDepartmentReason = new String[n];
            String[] facility = new String[n];
            String[] crisisPlan = new String[n];
            List<UUID> lineReport = new ArrayList<>();
            List<BedCount> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ToWrite w = reports.get(i);
                CapacityReport report = w.report();
                reportIds[i] = UUID.randomUUID();
                hospitals[i] = report.hospitalId().value();
                reportedAt[i] = timestamp(report.reportedAt());
                sources[i] = w.source().name();
                reportedBy[i] = w.reportedBy();
                idempotencyKeys[i] = report.idempotencyKey().value();
                fingerprints[i] = report.fingerprint();
                Optional<HospitalStatus> status = report.status();
                emergencyDepartment[i] = status.map(s -> s.emergencyDepartment().name()).orElse(null);
                emergencyDepartmentReason[i] = status.map(HospitalStatus::emergencyDepartmentReason).orElse(null);
                facility[i] = status.map(s -> s.facility().name()).orElse(null);
                crisisPlan[i] = status.map(s -> s.crisisPlan().name()).orElse(null);
                for (BedCount bed : report.beds()) {
                    lineReport.add(reportIds[i]);
                    lines.add(bed);
                }
            }
            Tuple parameters = Tuple.from(new Object[] {reportIds, hospitals, reportedAt, sources, reportedBy,
                    idempotencyKeys, fingerprints, emergencyDepartment, emergencyDepartmentReason, facility, crisisPlan,
                    lineReport.toArray(UUID[]::new),
                    lines.stream().map(b -> b.category().name()).toArray(String[]::new),
                    lines.stream().map(BedCount::staffed).toArray(Integer[]::new),
                    lines.stream().map(BedCount::occupied).toArray(Integer[]::new),
                    lines.stream().map(BedCount::available).toArray(Integer[]::new),
                    lines.stream().map(BedCount::additionalWithin24h).toArray(Integer[]::new),
                    lines.stream().map(BedCount::additionalWithin72h).toArray(Integer[]::new),
                    timestamp(receivedAt)});
            return connection.preparedQuery(WRITE).execute(parameters).flatMap(rows -> {
                Set<String> holding = new HashSet<>();
                for (Row row : rows) {
                    if (row.getInteger("held") > 0) {
                        holding.add(row.getString("hospital_id"));
                    }
                }
                // No bed held against the old figures: none against the newer ones either.
                Uni<Map<String, Map<BedCategory, Integer>>> held = holding.isEmpty() ? Uni.createFrom().item(Map.of())
                        : heldAfter(reports.stream().filter(w -> holding.contains(w.report().hospitalId().value())).toList(),
                        receivedAt);
                return held.map(byHospital -> {
                    List<Written> written = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        ToWrite w = reports.get(i);
                        written.add(new Written(new AcceptedReport(reportIds[i], w.source(), w.report().fingerprint()),
                                byHospital.getOrDefault(hospitals[i], Map.of())));
                    }
                    return written;
                });
            });
        }

        private Uni<Map<String, Map<BedCategory, Integer>>> heldAfter(List<ToWrite> reports, Instant now) {
            String[] hospitals = reports.stream().map(w -> w.report().hospitalId().value()).toArray(String[]::new);
            OffsetDateTime[] reportedAt = reports.stream().map(w -> timestamp(w.report().reportedAt())).toArray(OffsetDateTime[]::new);
            Uni<RowSet<Row>> recount = connection.preparedQuery(RECOUNT_HELD).execute(Tuple.from(new Object[] {hospitals}));
            Uni<RowSet<Row>> held = connection.preparedQuery(HELD_NOW)
                    .execute(Tuple.from(new Object[] {hospitals, reportedAt, timestamp(now)}));
            return Uni.combine().all().unis(recount, held).asTuple().map(t -> {
                Map<String, Map<BedCategory, Integer>> byHospital = new HashMap<>();
                t.getItem2().forEach(r -> byHospital.computeIfAbsent(r.getString("hospital_id"), h -> new EnumMap<>(BedCategory.class))
                        .put(BedCategory.valueOf(r.getString("category")), r.getLong("held").intValue()));
                return byHospital;
            });
        }

        private static AcceptedReport accepted(Row row) {
            return new AcceptedReport(row.getUUID("report_id"), ReportSource.valueOf(row.getString("source")),
                    row.getString("fingerprint"));
        }
    }
}
