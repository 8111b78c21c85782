package org.renfort.capacity.persistence;

import io.vertx.mutiny.sqlclient.Row;
import org.renfort.capacity.domain.BedCount;
import org.renfort.capacity.domain.CrisisPlanLevel;
import org.renfort.capacity.domain.EmergencyDepartmentStatus;
import org.renfort.capacity.domain.FacilityStatus;
import org.renfort.capacity.domain.Hospital;
import org.renfort.capacity.domain.HospitalKind;
import org.renfort.capacity.domain.HospitalStatus;
import org.renfort.capacity.domain.ReportSource;
import org.renfort.capacity.domain.Reported;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Rows of the capacity tables read with the reactive SQL client, as domain values. */
final class CapacityRows {
    private CapacityRows() {
    }

    static Hospital hospital(Row r) {
        String joined = r.getString("capabilities");
        Set<Capability> capabilities = joined.isEmpty() ? Set.of() : Arrays.stream(joined.split(","))
                .map(Capability::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Capability.class)));
        return new Hospital(new HospitalId(r.getString("hospital_id")), r.getString("name"),
                HospitalKind.valueOf(r.getString("kind")), new GeoPoint(r.getDouble("latitude"), r.getDouble("longitude")),
                r.getString("department"), r.getBoolean("has_emergency_department"), capabilities,
                r.getOffsetDateTime("retired_at") != null);
    }

    /** A {@code bed_capacity} row's figures. */
    static Reported<BedCount> bedCount(Row r) {
        BedCategory category = BedCategory.valueOf(r.getString("category"));
        return new Reported<>(new BedCount(category, r.getInteger("staffed"), r.getInteger("occupied"),
                r.getInteger("available"), r.getInteger("additional_within_24h"), r.getInteger("additional_within_72h")),
                instant(r, "reported_at"), ReportSource.valueOf(r.getString("source")));
    }

    /** A {@code hospital_status} row. */
    static Reported<HospitalStatus> status(Row r) {
        return new Reported<>(new HospitalStatus(
                EmergencyDepartmentStatus.valueOf(r.getString("emergency_department_status")),
                r.getString("emergency_department_reason"), FacilityStatus.valueOf(r.getString("facility_status")),
                CrisisPlanLevel.valueOf(r.getString("crisis_plan_level"))),
                instant(r, "reported_at"), ReportSource.valueOf(r.getString("source")));
    }

    static Instant instant(Row row, String column) {
        return row.getOffsetDateTime(column).toInstant();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
