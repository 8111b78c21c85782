package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.AcceptedReport;
import org.renfort.kernel.BedCategory;
import org.renfort.capacity.domain.BedCount;
import org.renfort.capacity.domain.CapacityReport;
import org.renfort.capacity.domain.CrisisPlanLevel;
import org.renfort.capacity.domain.EmergencyDepartmentStatus;
import org.renfort.capacity.domain.FacilityStatus;
import org.renfort.capacity.domain.HistoryPoint;
import org.renfort.capacity.domain.HospitalCapacity;
import org.renfort.kernel.HospitalId;
import org.renfort.capacity.domain.HospitalStatus;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.capacity.domain.ReportSource;
import org.renfort.capacity.domain.Reported;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Collection;
import java.util.stream.Collectors;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Capacity reports (append-only history) and the current figures they produce. */
@ApplicationScoped
public class CapacityRepository {

    public Uni<HospitalCapacity> current(HospitalId id) {
        Uni<List<BedCapacityEntity>> beds = BedCapacityEntity.<BedCapacityEntity>list("hospitalId", id.value());
        return beds.flatMap(rows -> HospitalStatusEntity.<HospitalStatusEntity>findById(id.value())
                .map(status -> toDomain(id, rows, status)));
    }

    /** The facility status last reported, without loading the bed figures. */
    /** The facility status of each of these hospitals that has reported one. */
    public Uni<Map<HospitalId, FacilityStatus>> facilityStatuses(Collection<HospitalId> ids) {
        return HospitalStatusEntity.<HospitalStatusEntity>list("hospitalId in ?1", ids.stream().map(HospitalId::value).toList())
                .map(rows -> rows.stream().collect(Collectors.toMap(s -> new HospitalId(s.hospitalId),
                        s -> FacilityStatus.valueOf(s.facilityStatus))));
    }

    public Uni<Optional<AcceptedReport>> findReport(HospitalId id, IdempotencyKey key) {
        return CapacityReportEntity.<CapacityReportEntity>find("hospitalId = ?1 and idempotencyKey = ?2",
                        id.value(), key.value()).firstResult()
                .map(e -> Optional.ofNullable(e).map(r -> new AcceptedReport(r.reportId,
                        ReportSource.valueOf(r.source), r.fingerprint)));
    }

    /** Stores the report in the history and makes its figures current. Call inside a transaction. */
    public Uni<AcceptedReport> append(CapacityReport report, ReportSource source, String reportedBy, Instant receivedAt) {
        UUID reportId = UUID.randomUUID();
        CapacityReportEntity r = new CapacityReportEntity();
        r.reportId = reportId;
        r.hospitalId = report.hospitalId().value();
        r.reportedAt = report.reportedAt();
        r.receivedAt = receivedAt;
        r.source = source.name();
        r.reportedBy = reportedBy;
        r.idempotencyKey = report.idempotencyKey().value();
        r.fingerprint = report.fingerprint();
        report.status().ifPresent(s -> {
            r.emergencyDepartmentStatus = s.emergencyDepartment().name();
            r.emergencyDepartmentReason = s.emergencyDepartmentReason();
            r.facilityStatus = s.facility().name();
            r.crisisPlanLevel = s.crisisPlan().name();
        });
        List<Object> rows = new ArrayList<>();
        rows.add(r);
        for (BedCount count : report.beds()) {
            CapacityReportLineEntity line = new CapacityReportLineEntity();
            line.reportId = reportId;
            line.category = count.category().name();
            line.staffed = count.staffed();
            line.occupied = count.occupied();
            line.available = count.available();
            line.additionalWithin24h = count.additionalWithin24h();
            line.additionalWithin72h = count.additionalWithin72h();
            rows.add(line);
        }
        return Panache.getSession()
                .flatMap(session -> session.persistAll(rows.toArray())
                        // In category order, the order every writer locks a hospital's category rows in.
                        .flatMap(v -> Uni.join().all(report.beds().stream()
                                .sorted(Comparator.comparing(count -> count.category().name()))
                                .map(count -> upsertCurrent(session, report, count, source, reportId)).toList())
                                .usingConcurrencyOf(1).andFailFast())
                        // Beds held against the old figures are counted again against the new ones
                        // (only where some are held: most reports pay nothing for it).
                        .flatMap(held -> held.contains(true) ? recountHeld(session, report.hospitalId()) : Uni.createFrom().voidItem())
                        .flatMap(v -> report.status().isPresent()
                                ? upsertStatus(session, report, report.status().get(), source, reportId)
                                : Uni.createFrom().voidItem()))
                .map(v -> new AcceptedReport(reportId, source, r.fingerprint));
    }

    /** The accepted reports' figures over [from, to), oldest first, at most {@code limit}. */
    public Uni<List<HistoryPoint>> history(HospitalId id, Instant from, Instant to, Optional<BedCategory> category, int limit) {
        String hql = "select r.reportedAt, r.source, l from CapacityReportEntity r, CapacityReportLineEntity l "
                + "where l.reportId = r.reportId and r.hospitalId = :hospital and r.reportedAt >= :from and r.reportedAt < :to"
                + (category.isPresent() ? " and l.category = :category" : "")
                + " order by r.reportedAt, l.category";
        return Panache.getSession().flatMap(session -> {
            var query = session.createSelectionQuery(hql, Object[].class)
                    .setParameter("hospital", id.value()).setParameter("from", from).setParameter("to", to);
            category.ifPresent(c -> query.setParameter("category", c.name()));
            return query.setMaxResults(limit).getResultList();
        }).map(rows -> rows.stream().map(row -> {
            CapacityReportLineEntity l = (CapacityReportLineEntity) row[2];
            return new HistoryPoint((Instant) row[0], ReportSource.valueOf((String) row[1]),
                    new BedCount(BedCategory.valueOf(l.category), l.staffed, l.occupied, l.available,
                            l.additionalWithin24h, l.additionalWithin72h));
        }).toList());
    }

    /**
     * The beds held in each category of a hospital, against its newest report: active holds, and
     * consumed ones until a report made after the arrival covers the patient.
     */
    private static Uni<Void> recountHeld(org.hibernate.reactive.mutiny.Mutiny.Session session, HospitalId hospital) {
        return session.flush().chain(() -> session.createNativeQuery("""
                        update bed_capacity b set held = (
                            select count(*) from bed_hold h
                            where h.hospital_id = b.hospital_id and h.category = b.category
                              and (h.status = 'ACTIVE' or (h.status = 'CONSUMED' and h.closed_at > b.reported_at)))
                        where b.hospital_id = :hospital and b.held > 0""")
                .setParameter("hospital", hospital.value()).executeUpdate()).replaceWithVoid();
    }

    /** Makes a category's figures current; whether beds were held in it. */
    private static Uni<Boolean> upsertCurrent(org.hibernate.reactive.mutiny.Mutiny.Session session, CapacityReport report,
                                           BedCount count, ReportSource source, UUID reportId) {
        var key = new BedCapacityEntity.Key(report.hospitalId().value(), count.category().name());
        return session.find(BedCapacityEntity.class, key).flatMap(found -> {
            BedCapacityEntity e = found != null ? found : new BedCapacityEntity();
            e.hospitalId = key.hospitalId();
            e.category = key.category();
            e.staffed = count.staffed();
            e.occupied = count.occupied();
            e.available = count.available();
            e.additionalWithin24h = count.additionalWithin24h();
            e.additionalWithin72h = count.additionalWithin72h();
            e.reportedAt = report.reportedAt();
            e.source = source.name();
            e.reportId = reportId;
            return found != null ? Uni.createFrom().item(e.held > 0) : session.persist(e).replaceWith(false);
        });
    }

    private static Uni<Void> upsertStatus(org.hibernate.reactive.mutiny.Mutiny.Session session, CapacityReport report,
                                          HospitalStatus status, ReportSource source, UUID reportId) {
        return session.find(HospitalStatusEntity.class, report.hospitalId().value()).flatMap(found -> {
            HospitalStatusEntity e = found != null ? found : new HospitalStatusEntity();
            e.hospitalId = report.hospitalId().value();
            e.emergencyDepartmentStatus = status.emergencyDepartment().name();
            e.emergencyDepartmentReason = status.emergencyDepartmentReason();
            e.facilityStatus = status.facility().name();
            e.crisisPlanLevel = status.crisisPlan().name();
            e.reportedAt = report.reportedAt();
            e.source = source.name();
            e.reportId = reportId;
            return found != null ? Uni.createFrom().voidItem() : session.persist(e);
        });
    }

    private static HospitalCapacity toDomain(HospitalId id, List<BedCapacityEntity> rows, HospitalStatusEntity status) {
        Map<BedCategory, Reported<BedCount>> beds = new EnumMap<>(BedCategory.class);
        for (BedCapacityEntity e : rows) {
            BedCategory category = BedCategory.valueOf(e.category);
            beds.put(category, new Reported<>(new BedCount(category, e.staffed, e.occupied, e.available,
                    e.additionalWithin24h, e.additionalWithin72h), e.reportedAt, ReportSource.valueOf(e.source)));
        }
        Optional<Reported<HospitalStatus>> current = Optional.ofNullable(status).map(s -> new Reported<>(
                new HospitalStatus(EmergencyDepartmentStatus.valueOf(s.emergencyDepartmentStatus),
                        s.emergencyDepartmentReason, FacilityStatus.valueOf(s.facilityStatus),
                        CrisisPlanLevel.valueOf(s.crisisPlanLevel)),
                s.reportedAt, ReportSource.valueOf(s.source)));
        return new HospitalCapacity(id, beds, current);
    }
}
