package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.BedCategory;
import org.renfort.capacity.domain.BedCount;
import org.renfort.capacity.domain.CrisisPlanLevel;
import org.renfort.capacity.domain.EmergencyDepartmentStatus;
import org.renfort.capacity.domain.FacilityStatus;
import org.renfort.capacity.domain.HistoryPoint;
import org.renfort.capacity.domain.HospitalCapacity;
import org.renfort.kernel.HospitalId;
import org.renfort.capacity.domain.HospitalStatus;
import org.renfort.capacity.domain.ReportSource;
import org.renfort.capacity.domain.Reported;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Collection;
import java.util.stream.Collectors;
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

    /** The accepted reports' figures over [from, to), oldest first, after the cursor when given, at most {@code limit}. */
    public Uni<List<HistoryPoint>> history(HospitalId id, Instant from, Instant to, Optional<BedCategory> category,
                                           Optional<HistoryPoint.Cursor> after, int limit) {
        String hql = "select r.reportedAt, r.reportId, r.source, l from CapacityReportEntity r, CapacityReportLineEntity l "
                + "where l.reportId = r.reportId and r.hospitalId = :hospital and r.reportedAt >= :from and r.reportedAt < :to"
                + (category.isPresent() ? " and l.category = :category" : "")
                + (after.isPresent() ? " and (r.reportedAt > :at or (r.reportedAt = :at and (r.reportId > :report"
                        + " or (r.reportId = :report and l.category > :afterCategory))))" : "")
                + " order by r.reportedAt, r.reportId, l.category";
        return Panache.getSession().flatMap(session -> {
            var query = session.createSelectionQuery(hql, Object[].class)
                    .setParameter("hospital", id.value()).setParameter("from", from).setParameter("to", to);
            category.ifPresent(c -> query.setParameter("category", c.name()));
            after.ifPresent(c -> query.setParameter("at", c.reportedAt()).setParameter("report", c.reportId())
                    .setParameter("afterCategory", c.category().name()));
            return query.setMaxResults(limit).getResultList();
        }).map(rows -> rows.stream().map(row -> {
            CapacityReportLineEntity l = (CapacityReportLineEntity) row[3];
            return new HistoryPoint((Instant) row[0], (UUID) row[1], ReportSource.valueOf((String) row[2]),
                    new BedCount(BedCategory.valueOf(l.category), l.staffed, l.occupied, l.available,
                            l.additionalWithin24h, l.additionalWithin72h));
        }).toList());
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
