package org.renfort.gateway.api.rest;

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
import org.renfort.proto.capacity.v1.RetireHospitalRequest;
import org.renfort.proto.capacity.v1.UpdateHospitalRequest;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CategoryPicture;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.FindBedsResponse;
import org.renfort.proto.capacity.v1.GetCapacityHistoryRequest;
import org.renfort.proto.capacity.v1.GetRegionSnapshotResponse;
import org.renfort.proto.capacity.v1.HistoryPoint;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.capacity.v1.RegionChange;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.capacity.v1.ListOverdueHospitalsResponse;
import org.renfort.proto.capacity.v1.CrisisPlanLevel;
import org.renfort.proto.capacity.v1.EmergencyDepartmentStatus;
import org.renfort.proto.capacity.v1.FacilityStatus;
import org.renfort.proto.capacity.v1.Freshness;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalCapacity;
import org.renfort.proto.capacity.v1.HospitalStatus;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.capacity.v1.PublishCapacityResponse;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.Capability;
import org.renfort.proto.common.v1.GeoPoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON <-> protobuf. Only the shape is checked here; capacity-service, which owns the data,
 * validates the content and names the offending field.
 */
@ApplicationScoped
public class CapacityRestMapper {


    public HospitalView toView(Hospital h) {
        return new HospitalView(h.getHospitalId(), h.getName(), RestValues.strip(h.getKind(), "HOSPITAL_KIND_"),
                h.getLocation().getLatitude(), h.getLocation().getLongitude(), h.getDepartment(),
                h.getHasEmergencyDepartment(),
                h.getCapabilitiesList().stream().map(c -> RestValues.strip(c, "CAPABILITY_")).toList(), h.getRetired());
    }

    public CreateHospitalRequest toCreate(CapacityDtos.HospitalInput hospital, String idempotencyKey) {
        return CreateHospitalRequest.newBuilder().setHospital(toHospital(hospital == null ? null : hospital.hospitalId(), hospital))
                .setIdempotencyKey(idempotencyKey == null ? "" : idempotencyKey).build();
    }

    public UpdateHospitalRequest toUpdate(String hospitalId, CapacityDtos.HospitalInput hospital, String idempotencyKey) {
        return UpdateHospitalRequest.newBuilder().setHospital(toHospital(hospitalId, hospital))
                .setIdempotencyKey(idempotencyKey == null ? "" : idempotencyKey).build();
    }

    public RetireHospitalRequest toRetire(String hospitalId, CapacityDtos.RetirementInput retirement, String idempotencyKey) {
        return RetireHospitalRequest.newBuilder().setHospitalId(hospitalId)
                .setReason(retirement == null || retirement.reason() == null ? "" : retirement.reason())
                .setIdempotencyKey(idempotencyKey == null ? "" : idempotencyKey).build();
    }

    Hospital toHospital(String hospitalId, CapacityDtos.HospitalInput input) {
        if (input == null) {
            throw new InvalidInput("body", "a hospital entry is required");
        }
        if (input.latitude() == null || input.longitude() == null) {
            throw new InvalidInput("latitude", "latitude and longitude are required");
        }
        var builder = Hospital.newBuilder().setHospitalId(hospitalId == null ? "" : hospitalId)
                .setName(input.name() == null ? "" : input.name())
                .setKind(RestValues.parse(org.renfort.proto.capacity.v1.HospitalKind.class, "HOSPITAL_KIND_", input.kind(), "kind"))
                .setLocation(GeoPoint.newBuilder().setLatitude(input.latitude()).setLongitude(input.longitude()))
                .setDepartment(input.department() == null ? "" : input.department())
                .setHasEmergencyDepartment(input.hasEmergencyDepartment());
        List<String> capabilities = input.capabilities() == null ? List.of() : input.capabilities();
        for (int i = 0; i < capabilities.size(); i++) {
            builder.addCapabilities(RestValues.parse(Capability.class, "CAPABILITY_", capabilities.get(i), "capabilities[" + i + "]"));
        }
        return builder.build();
    }

    public CapacityView toView(HospitalCapacity c) {
        List<CategoryCapacityView> categories = c.getCategoriesList().stream()
                .map(cc -> new CategoryCapacityView(toView(cc.getBeds()), toView(cc.getFreshness()))).toList();
        StatusView status = c.hasStatus() ? toView(c.getStatus()) : null;
        return new CapacityView(c.getHospitalId(), RestValues.instant(c.getAsOf()), categories, status,
                c.hasStatusFreshness() ? toView(c.getStatusFreshness()) : null);
    }

    public PublishedView toView(PublishCapacityResponse r) {
        return new PublishedView(r.getReportId(), RestValues.strip(r.getSource(), "REPORT_SOURCE_"), toView(r.getCapacity()));
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
                        .setCategory(RestValues.parse(BedCategory.class, "BED_CATEGORY_", b.category(), "beds[" + i + "].category"))
                        .setStaffed(b.staffed()).setOccupied(b.occupied()).setAvailable(b.available())
                        .setAdditionalWithin24H(b.additionalWithin24h()).setAdditionalWithin72H(b.additionalWithin72h()));
            }
        }
        if (input.status() != null) {
            StatusView s = input.status();
            builder.setStatus(HospitalStatus.newBuilder()
                    .setEmergencyDepartmentStatus(RestValues.parse(EmergencyDepartmentStatus.class, "EMERGENCY_DEPARTMENT_STATUS_",
                            s.emergencyDepartmentStatus(), "status.emergencyDepartmentStatus"))
                    .setEmergencyDepartmentReason(s.emergencyDepartmentReason() == null ? "" : s.emergencyDepartmentReason())
                    .setFacilityStatus(RestValues.parse(FacilityStatus.class, "FACILITY_STATUS_", s.facilityStatus(), "status.facilityStatus"))
                    .setCrisisPlanLevel(RestValues.parse(CrisisPlanLevel.class, "CRISIS_PLAN_LEVEL_", s.crisisPlanLevel(),
                            "status.crisisPlanLevel")));
        }
        return builder.build();
    }

    public RegionDtos.BedSearchResult toView(FindBedsResponse r) {
        return new RegionDtos.BedSearchResult(r.getCandidatesList().stream().map(c -> new RegionDtos.BedCandidateView(
                toView(c.getHospital()), toView(c.getBeds().getBeds()), c.getBeds().getHeld(),
                c.getBeds().getEffectiveAvailable(), toView(c.getBeds().getFreshness()), c.getTravelMinutes(),
                c.getCompromised(), c.hasStatus() ? toView(c.getStatus()) : null)).toList(), r.getStaleAfterSeconds());
    }

    public RegionDtos.OverdueList toView(ListOverdueHospitalsResponse r) {
        return new RegionDtos.OverdueList(r.getHospitalsList().stream().map(o -> new RegionDtos.OverdueView(
                toView(o.getHospital()), o.hasLastReportedAt() ? RestValues.instant(o.getLastReportedAt()) : null, o.getAgeSeconds()))
                .toList(), r.getStaleAfterSeconds(), r.getRegionInCrisis());
    }

    public RegionDtos.HistoryPointView toView(HistoryPoint p) {
        return new RegionDtos.HistoryPointView(RestValues.instant(p.getReportedAt()), RestValues.strip(p.getSource(), "REPORT_SOURCE_"),
                toView(p.getBeds()));
    }

    /** Region-wide totals per category and hospitals per status, from a snapshot. */
    public RegionDtos.RegionPicture toView(GetRegionSnapshotResponse snapshot) {
        return new RegionDtos.RegionPicture(RestValues.instant(snapshot.getAsOf()), snapshot.getPosition(),
                snapshot.getHospitalsList().stream().map(this::toView).toList());
    }

    public RegionDtos.HospitalPictureView toView(HospitalPicture h) {
        return new RegionDtos.HospitalPictureView(toView(h.getHospital()),
                h.getCategoriesList().stream().map(c -> new RegionDtos.CategoryPictureView(toView(c.getBeds()),
                        toView(c.getFreshness()), c.getHeld(), c.getEffectiveAvailable())).toList(),
                h.hasStatus() ? toView(h.getStatus()) : null,
                h.hasStatusFreshness() ? toView(h.getStatusFreshness()) : null);
    }

    /** One change of the live region stream, with the hospital's picture once changed. */
    public RegionDtos.RegionChangeView toView(RegionChange change) {
        return new RegionDtos.RegionChangeView(change.getPosition(), RestValues.strip(change.getKind(), "CHANGE_KIND_"),
                RestValues.instant(change.getOccurredAt()), toView(change.getHospital()));
    }

    /**
     * The version of a picture: its position and which of its figures are stale. Ages grow by the
     * second and are left out (a client computes them from reportedAt), so the version only
     * changes when the region does or a figure turns stale: weak, as the body may differ in ages.
     */
    public jakarta.ws.rs.core.EntityTag version(GetRegionSnapshotResponse snapshot) {
        StringBuilder stale = new StringBuilder();
        snapshot.getHospitalsList().forEach(h -> {
            h.getCategoriesList().forEach(c -> stale.append(c.getFreshness().getStale() ? '1' : '0'));
            stale.append(h.getStatusFreshness().getStale() ? '1' : '0').append('/');
        });
        return new jakarta.ws.rs.core.EntityTag(snapshot.getPosition() + "-" + Integer.toHexString(stale.toString().hashCode()), true);
    }

    public RegionDtos.RegionSummary summarise(GetRegionSnapshotResponse snapshot) {
        Map<String, int[]> totals = new TreeMap<>();
        Map<String, Integer> facility = new TreeMap<>();
        Map<String, Integer> emergency = new TreeMap<>();
        Map<String, Integer> plan = new TreeMap<>();
        for (HospitalPicture h : snapshot.getHospitalsList()) {
            for (CategoryPicture c : h.getCategoriesList()) {
                int[] t = totals.computeIfAbsent(RestValues.strip(c.getBeds().getCategory(), "BED_CATEGORY_"), k -> new int[9]);
                t[0]++;
                t[1] += c.getBeds().getStaffed();
                t[2] += c.getBeds().getOccupied();
                t[3] += c.getBeds().getAvailable();
                t[4] += c.getHeld();
                t[5] += c.getEffectiveAvailable();
                t[6] += c.getBeds().getAdditionalWithin24H();
                t[7] += c.getBeds().getAdditionalWithin72H();
                t[8] += c.getFreshness().getStale() ? 1 : 0;
            }
            String facilityStatus = h.hasStatus() ? RestValues.strip(h.getStatus().getFacilityStatus(), "FACILITY_STATUS_") : "NOT_REPORTED";
            String edStatus = h.hasStatus() ? RestValues.strip(h.getStatus().getEmergencyDepartmentStatus(), "EMERGENCY_DEPARTMENT_STATUS_") : "NOT_REPORTED";
            String planLevel = h.hasStatus() ? RestValues.strip(h.getStatus().getCrisisPlanLevel(), "CRISIS_PLAN_LEVEL_") : "NOT_REPORTED";
            facility.merge(facilityStatus, 1, Integer::sum);
            emergency.merge(edStatus, 1, Integer::sum);
            plan.merge(planLevel, 1, Integer::sum);
        }
        List<RegionDtos.CategoryTotals> categories = totals.entrySet().stream().map(e -> {
            int[] t = e.getValue();
            return new RegionDtos.CategoryTotals(e.getKey(), t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8]);
        }).toList();
        return new RegionDtos.RegionSummary(RestValues.instant(snapshot.getAsOf()), snapshot.getPosition(),
                snapshot.getHospitalsCount(), categories, facility, emergency, plan);
    }

    public FindBedsRequest toSearch(String category, List<String> capabilities, String ageBand, String fromHospital,
                                    Double latitude, Double longitude, int maxTravelMinutes, int limit) {
        var builder = FindBedsRequest.newBuilder()
                .setCategory(RestValues.parse(BedCategory.class, "BED_CATEGORY_", category, "category"))
                .setMaxTravelMinutes(maxTravelMinutes).setLimit(limit);
        for (int i = 0; i < capabilities.size(); i++) {
            builder.addRequiredCapabilities(RestValues.parse(Capability.class, "CAPABILITY_", capabilities.get(i), "capabilities[" + i + "]"));
        }
        if (ageBand != null) {
            builder.setAgeBand(RestValues.parse(AgeBand.class, "AGE_BAND_", ageBand, "ageBand"));
        }
        if (fromHospital != null) {
            builder.setOriginHospitalId(fromHospital);
        } else if (latitude != null && longitude != null) {
            builder.setOriginPosition(GeoPoint.newBuilder().setLatitude(latitude).setLongitude(longitude));
        } else {
            throw new InvalidInput("origin", "give fromHospital, or both latitude and longitude");
        }
        return builder.build();
    }

    public GetCapacityHistoryRequest toHistoryRequest(String hospitalId, String from, String to, String category,
                                                      int pageSize, String pageToken) {
        var builder = GetCapacityHistoryRequest.newBuilder().setHospitalId(hospitalId).setPageSize(pageSize)
                .setPageToken(pageToken == null ? "" : pageToken);
        if (from != null) {
            builder.setFrom(RestValues.timestamp("from", from));
        }
        if (to != null) {
            builder.setTo(RestValues.timestamp("to", to));
        }
        if (category != null) {
            builder.setCategory(RestValues.parse(BedCategory.class, "BED_CATEGORY_", category, "category"));
        }
        return builder.build();
    }


    private BedCountView toView(BedCount b) {
        return new BedCountView(RestValues.strip(b.getCategory(), "BED_CATEGORY_"), b.getStaffed(), b.getOccupied(),
                b.getAvailable(), b.getAdditionalWithin24H(), b.getAdditionalWithin72H());
    }

    private StatusView toView(HospitalStatus s) {
        return new StatusView(RestValues.strip(s.getEmergencyDepartmentStatus(), "EMERGENCY_DEPARTMENT_STATUS_"),
                s.getEmergencyDepartmentReason(), RestValues.strip(s.getFacilityStatus(), "FACILITY_STATUS_"),
                RestValues.strip(s.getCrisisPlanLevel(), "CRISIS_PLAN_LEVEL_"));
    }

    private FreshnessView toView(Freshness f) {
        return new FreshnessView(RestValues.instant(f.getReportedAt()), f.getAgeSeconds(), f.getStale(),
                RestValues.strip(f.getSource(), "REPORT_SOURCE_"));
    }
}
