package org.renfort.capacity.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.BedCount;
import org.renfort.capacity.domain.BedHold;
import org.renfort.capacity.domain.CategoryState;
import org.renfort.capacity.domain.Hospital;
import org.renfort.capacity.domain.HospitalState;
import org.renfort.capacity.domain.HospitalStatus;
import org.renfort.capacity.domain.HoldStatus;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.capacity.domain.Reported;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;

import java.time.Instant;

import static org.renfort.capacity.persistence.CapacityRows.instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the regional picture and the change log straight from the reactive SQL client: the
 * region view runs outside any request, where no Hibernate session is needed.
 */
@ApplicationScoped
public class RegionReader {
    private final Pool pool;
    private final ChangePayloadCodec codec;

    RegionReader(Pool pool, ChangePayloadCodec codec) {
        this.pool = pool;
        this.codec = codec;
    }

    /** The last position, and the transaction horizon at the time it was read. */
    public record Horizon(long position, long xmax) {
    }

    public Uni<Horizon> lastPosition() {
        return pool.query("select coalesce(max(position), 0) as last, "
                        + "pg_snapshot_xmax(pg_current_snapshot())::text::bigint as xmax from capacity_change").execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Horizon(row.getLong("last"), row.getLong("xmax"));
                });
    }

    /** Every transaction with an id below this one has ended. */
    public Uni<Long> oldestRunningTransaction() {
        return pool.query("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as xmin").execute()
                .map(rows -> rows.iterator().next().getLong("xmin"));
    }

    /** The transaction horizon now: every transaction that has taken a position so far has an id below it. */
    public Uni<Long> nextTransaction() {
        return pool.query("select pg_snapshot_xmax(pg_current_snapshot())::text::bigint as xmax").execute()
                .map(rows -> rows.iterator().next().getLong("xmax"));
    }

    /** The highest change-log position deleted past its retention (0: none). */
    public Uni<Long> purgedThrough() {
        return pool.query("select purged_through from change_log_retention").execute()
                .map(rows -> rows.iterator().next().getLong("purged_through"));
    }

    public Uni<List<RegionChange>> changesAfter(long position, int limit) {
        return pool.preparedQuery("select position, hospital_id, kind, occurred_at, payload from capacity_change "
                        + "where position > $1 order by position limit $2")
                .execute(Tuple.of(position, limit))
                .map(rows -> {
                    List<RegionChange> changes = new ArrayList<>();
                    for (Row row : rows) {
                        RegionChange.Kind kind = RegionChange.Kind.valueOf(row.getString("kind"));
                        changes.add(new RegionChange(row.getLong("position"), kind, instant(row, "occurred_at"),
                                new HospitalId(row.getString("hospital_id")), codec.decode(kind, row.getString("payload"))));
                    }
                    return changes;
                });
    }

    /** Every hospital with its current figures, status and held beds. */
    public Uni<List<HospitalState>> loadAll(Instant now) {
        Uni<Map<String, Hospital>> hospitals = pool.query("select * from hospital").execute().map(rows -> {
            Map<String, Hospital> byId = new HashMap<>();
            rows.forEach(r -> byId.put(r.getString("hospital_id"), CapacityRows.hospital(r)));
            return byId;
        });
        Uni<Map<String, Map<BedCategory, CategoryState>>> beds = pool.query("select * from bed_capacity").execute().map(rows -> {
            Map<String, Map<BedCategory, CategoryState>> byHospital = new HashMap<>();
            rows.forEach(r -> {
                Reported<BedCount> figures = CapacityRows.bedCount(r);
                byHospital.computeIfAbsent(r.getString("hospital_id"), k -> new EnumMap<>(BedCategory.class))
                        .put(figures.value().category(), new CategoryState(figures.value(), figures.reportedAt(), figures.source(), 0));
            });
            return byHospital;
        });
        Uni<Map<String, Reported<HospitalStatus>>> statuses = pool.query("select * from hospital_status").execute().map(rows -> {
            Map<String, Reported<HospitalStatus>> byHospital = new HashMap<>();
            rows.forEach(r -> byHospital.put(r.getString("hospital_id"), CapacityRows.status(r)));
            return byHospital;
        });
        Uni<List<BedHold>> holds = pool.query("select * from bed_hold where status in ('ACTIVE', 'CONSUMED')").execute()
                .map(rows -> {
                    List<BedHold> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new BedHold(r.getUUID("hold_id"), new HospitalId(r.getString("hospital_id")),
                            BedCategory.valueOf(r.getString("category")), r.getString("transfer_reference"),
                            HoldStatus.valueOf(r.getString("status")), instant(r, "expires_at"), instant(r, "created_at"),
                            Optional.ofNullable(r.getOffsetDateTime("closed_at")).map(OffsetDateTime::toInstant))));
                    return list;
                });
        return Uni.combine().all().unis(hospitals, beds, statuses, holds).asTuple().map(t -> {
            List<HospitalState> states = new ArrayList<>();
            for (Hospital hospital : t.getItem1().values()) {
                String id = hospital.id().value();
                Map<BedCategory, CategoryState> categories = new EnumMap<>(BedCategory.class);
                categories.putAll(t.getItem2().getOrDefault(id, Map.of()));
                for (BedHold hold : t.getItem4()) {
                    CategoryState c = categories.get(hold.category());
                    if (hold.hospital().value().equals(id) && c != null && hold.counts(now, Optional.of(c.reportedAt()))) {
                        categories.put(hold.category(), c.withHeld(c.held() + 1));
                    }
                }
                states.add(new HospitalState(hospital, categories, Optional.ofNullable(t.getItem3().get(id))));
            }
            return states;
        });
    }
}
