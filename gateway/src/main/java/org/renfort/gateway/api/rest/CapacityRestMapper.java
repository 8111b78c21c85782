package org.renfort.gateway.api.rest;

import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.Timestamp;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.gateway.api.rest.CapacityDtos.BedCountView;
import org.renfort.gateway.api.rest.CapacityDtos.CapacityReportInput;
import org.renfort.gateway.api.rest.CapacityDtos.CapacityView;
import org.renfort.gateway.api.rest.CapacityDtos.CategoryCapacityView;
import org.renfort.gateway.api.rest.CapacityDtos.FreshnessView;
import org.renfort.gateway.api.rest.CapacityDtos.HospitalView;
import org.renfort.gateway.api.rest.CapacityDtos.PublishedView;
import org.renfort.gateway.api.rest.CapacityDtos.StatusView;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CrisisPlanLevel;
import org.renfort.proto.capacity.v1.EmergencyDepartmentStatus;
import org.renfort.proto.capacity.v1.FacilityStatus;
import org.renfort.proto.capacity.v1.Freshness;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalCapacity;
import org.renfort.proto.capacity.v1.HospitalStatus;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.capacity.v1.PublishCapacityResponse;
import org.renfort.proto.common.v1.BedCategory;

import java.time.Instant;
import java.util.List;

/**
 * JSON <-> protobuf. Only the shape is checked here; capacity-service, which owns the data,
 * validates the content and names the offending field.
 */
@ApplicationScoped
public class CapacityRestMapper {

    public HospitalView toView(Hospital h) {
        return new HospitalView(h.getHospitalId(), h.getName(), strip(h.getKind(), "HOSPITAL_KIND_"),
                h.getLocation().getLatitude(), h.getLocation().getLongitude(), h.getDepartment(),
                h.getHasEmergencyDepartment(),
                h.getCapabilitiesList().stream().map(c -> strip(c, "CAPABILITY_")).toList());
    }

    public CapacityView toView(HospitalCapacity c) {
        List<CategoryCapacityView> categories = c.getCategoriesList().stream()
                .map(cc -> new CategoryCapacityView(toView(cc.getBeds()), toView(cc.getFreshness()))).toList();
        StatusView status = c.hasStatus() ? toView(c.getStatus()) : null;
        return new CapacityView(c.getHospitalId(), instant(c.getAsOf()), categories, status,
                c.hasStatusFreshness() ? toView(c.getStatusFreshness()) : null);
    }

    public PublishedView toView(PublishCapacityResponse r) {
        return new PublishedView(r.getReportId(), strip(r.getSource(), "REPORT_SOURCE_"), toView(r.getCapacity()));
    }

    public PublishCapacityRequest toRequest(String hospitalId, String idempotencyKey, CapacityReportInput input) {
        if (input == null) {
            throw new InvalidInput("body", "a capacity report is required");
        }
        if (input.reportedAt() == null) {
            throw new InvalidInput("reportedAt", "is required (ISO-8601 instant, e.g. 2024-02-11T05:40:00Z)");
        }
        var builder = PublishCapacityRequest.newBuilder().setHospitalId(hospitalId)
                .setIdempotencyKey(idempotencyKey == null ? "" : idempotencyKey)
                .setReportedAt(Timestamp.newBuilder().setSeconds(input.reportedAt().getEpochSecond())
                        .setNanos(input.reportedAt().getNano()));
        if (input.beds() != null) {
            for (int i = 0; i < input.beds().size(); i++) {
                BedCountView b = input.beds().get(i);
                if (b == null) {
                    throw new InvalidInput("beds[" + i + "]", "must not be null");
                }
                builder.addBeds(BedCount.newBuilder()
                        .setCategory(parse(BedCategory.class, "BED_CATEGORY_", b.category(), "beds[" + i + "].category"))
                        .setStaffed(b.staffed()).setOccupied(b.occupied()).setAvailable(b.available())
                        .setAdditionalWithin24H(b.additionalWithin24h()).setAdditionalWithin72H(b.additionalWithin72h()));
            }
        }
        if (input.status() != null) {
            StatusView s = input.status();
            builder.setStatus(HospitalStatus.newBuilder()
                    .setEmergencyDepartmentStatus(parse(EmergencyDepartmentStatus.class, "EMERGENCY_DEPARTMENT_STATUS_",
                            s.emergencyDepartmentStatus(), "status.emergencyDepartmentStatus"))
                    .setEmergencyDepartmentReason(s.emergencyDepartmentReason() == null ? "" : s.emergencyDepartmentReason())
                    .setFacilityStatus(parse(FacilityStatus.class, "FACILITY_STATUS_", s.facilityStatus(), "status.facilityStatus"))
                    .setCrisisPlanLevel(parse(CrisisPlanLevel.class, "CRISIS_PLAN_LEVEL_", s.crisisPlanLevel(),
                            "status.crisisPlanLevel")));
        }
        return builder.build();
    }

    private BedCountView toView(BedCount b) {
        return new BedCountView(strip(b.getCategory(), "BED_CATEGORY_"), b.getStaffed(), b.getOccupied(),
                b.getAvailable(), b.getAdditionalWithin24H(), b.getAdditionalWithin72H());
    }

    private StatusView toView(HospitalStatus s) {
        return new StatusView(strip(s.getEmergencyDepartmentStatus(), "EMERGENCY_DEPARTMENT_STATUS_"),
                s.getEmergencyDepartmentReason(), strip(s.getFacilityStatus(), "FACILITY_STATUS_"),
                strip(s.getCrisisPlanLevel(), "CRISIS_PLAN_LEVEL_"));
    }

    private FreshnessView toView(Freshness f) {
        return new FreshnessView(instant(f.getReportedAt()), f.getAgeSeconds(), f.getStale(),
                strip(f.getSource(), "REPORT_SOURCE_"));
    }

    private static String strip(ProtocolMessageEnum value, String prefix) {
        String name = ((Enum<?>) value).name();
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String prefix, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field, "is required");
        }
        try {
            E parsed = Enum.valueOf(type, prefix + value);
            if (parsed.name().endsWith("_UNSPECIFIED")) {
                throw new IllegalArgumentException(value);
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "unknown value '" + value + "'");
        }
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
