package org.renfort.capacity.api.grpc;

import com.google.protobuf.Timestamp;
import org.renfort.servicekit.ProtoTime;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.application.CapacityReports.CapacitySnapshot;
import org.renfort.capacity.application.RegionQueries;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.BedFinder;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.BedSearch;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.CategoryState;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.HistoryPoint;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.OverdueHospital;
import org.renfort.kernel.AgeBand;
import org.renfort.proto.capacity.v1.BedCandidate;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.FindBedsResponse;
import org.renfort.proto.capacity.v1.GetCapacityHistoryResponse;
import org.renfort.proto.capacity.v1.ListOverdueHospitalsResponse;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.BedHold;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.HoldRequest;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.HospitalState;
import org.renfort.proto.capacity.v1.CategoryPicture;
import org.renfort.proto.capacity.v1.ChangeKind;
import org.renfort.proto.capacity.v1.GetRegionSnapshotResponse;
import org.renfort.proto.capacity.v1.Hold;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.capacity.v1.PlaceHoldRequest;
import org.renfort.proto.capacity.v1.PlaceHoldResponse;
import org.renfort.proto.capacity.v1.PlaceHoldsRequest;
import org.renfort.proto.capacity.v1.HoldOutcome;
import org.renfort.proto.capacity.v1.ExtendHoldOutcome;
import org.renfort.proto.capacity.v1.ExtendHoldRequest;
import org.renfort.proto.capacity.v1.ExtendHoldsRequest;
import org.renfort.proto.capacity.v1.HoldRefusal;
import org.renfort.proto.capacity.v1.HoldRefusalReason;
import org.renfort.capacity.application.BedHolds;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.NotFoundException;
import org.renfort.servicekit.CommonEnums;
import org.renfort.kernel.BedCategory;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.BedCount;
import org.renfort.kernel.Capability;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.CapacityReport;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.CrisisPlanLevel;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.EmergencyDepartmentStatus;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.FacilityStatus;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.FreshnessPolicy;
import org.renfort.kernel.GeoPoint;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.Hospital;
import org.renfort.kernel.HospitalId;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.HospitalKind;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.HospitalStatus;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.ReportSource;
import org.renfort.capacity.domain.AsOf;
import org.renfort.capacity.domain.Reported;
import org.renfort.proto.capacity.v1.CategoryCapacity;
import org.renfort.proto.capacity.v1.Freshness;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.renfort.servicekit.ProtoTime.timestamp;

/** Maps between protobuf messages and the domain, validating on the way in. */
@ApplicationScoped
public class CapacityProtoMapper {


    // ---- requests -> domain

    public Hospital toDomain(org.renfort.proto.capacity.v1.Hospital h) {
        if (!h.hasLocation()) {
            throw new InvalidArgumentException("hospital.location", "is required");
        }
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        for (int i = 0; i < h.getCapabilitiesCount(); i++) {
            capabilities.add(CommonEnums.CAPABILITY.toDomain(h.getCapabilities(i), "hospital.capabilities[" + i + "]"));
        }
        return new Hospital(HospitalId.parse("hospital.hospital_id", h.getHospitalId()), h.getName().strip(),
                CapacityEnums.HOSPITAL_KIND.toDomain(h.getKind(), "hospital.kind"),
                new GeoPoint(h.getLocation().getLatitude(), h.getLocation().getLongitude()),
                h.getDepartment(), h.getHasEmergencyDepartment(), capabilities, false);
    }

    public CapacityReport toDomain(PublishCapacityRequest r) {
        HospitalId id = HospitalId.parse("hospital_id", r.getHospitalId());
        if (!r.hasReportedAt()) {
            throw new InvalidArgumentException("reported_at", "is required");
        }
        var beds = r.getBedsList().stream().map(b -> new BedCount(
                CommonEnums.BED_CATEGORY.toDomain(b.getCategory(), "beds.category"),
                b.getStaffed(), b.getOccupied(), b.getAvailable(),
                b.getAdditionalWithin24H(), b.getAdditionalWithin72H())).toList();
        Optional<HospitalStatus> status = r.hasStatus() ? Optional.of(toDomain(r.getStatus())) : Optional.empty();
        return new CapacityReport(id, toInstant(r.getReportedAt()), idempotencyKey(r.getIdempotencyKey()), beds, status);
    }

    public IdempotencyKey idempotencyKey(String value) {
        return new IdempotencyKey(value);
    }

    private HospitalStatus toDomain(org.renfort.proto.capacity.v1.HospitalStatus s) {
        return new HospitalStatus(
                CapacityEnums.EMERGENCY_DEPARTMENT_STATUS.toDomain(s.getEmergencyDepartmentStatus(), "status.emergency_department_status"),
                s.getEmergencyDepartmentReason(),
                CapacityEnums.FACILITY_STATUS.toDomain(s.getFacilityStatus(), "status.facility_status"),
                CapacityEnums.CRISIS_PLAN_LEVEL.toDomain(s.getCrisisPlanLevel(), "status.crisis_plan_level"));
    }

    private static Instant toInstant(Timestamp t) {
        return toInstant(t, "reported_at");
    }

    private static Instant toInstant(Timestamp t, String field) {
        if (t.getSeconds() < 0 || t.getNanos() < 0 || t.getNanos() > 999_999_999) {
            throw new InvalidArgumentException(field, "is not a valid timestamp");
        }
        return ProtoTime.instant(t);
    }

    // ---- domain -> responses

    public org.renfort.proto.capacity.v1.Hospital toProto(Hospital h) {
        var builder = org.renfort.proto.capacity.v1.Hospital.newBuilder()
                .setHospitalId(h.id().value())
                .setName(h.name())
                .setKind(CapacityEnums.HOSPITAL_KIND.toProto(h.kind()))
                .setLocation(org.renfort.proto.common.v1.GeoPoint.newBuilder()
                        .setLatitude(h.location().latitude()).setLongitude(h.location().longitude()))
                .setDepartment(h.department())
                .setHasEmergencyDepartment(h.hasEmergencyDepartment())
                .setRetired(h.retired());
        h.capabilities().stream().sorted().forEach(c ->
                builder.addCapabilities(CommonEnums.CAPABILITY.toProto(c)));
        return builder.build();
    }

    public org.renfort.proto.capacity.v1.HospitalCapacity toProto(CapacitySnapshot snapshot) {
        var capacity = snapshot.capacity();
        var builder = org.renfort.proto.capacity.v1.HospitalCapacity.newBuilder()
                .setHospitalId(capacity.hospitalId().value())
                .setAsOf(timestamp(snapshot.asOf().at()));
        for (Reported<BedCount> reported : capacity.bedsInOrder()) {
            builder.addCategories(CategoryCapacity.newBuilder().setBeds(toProto(reported.value()))
                    .setFreshness(freshness(reported, snapshot.asOf())));
        }
        capacity.status().ifPresent(reported -> {
            builder.setStatus(toProto(reported.value()));
            builder.setStatusFreshness(freshness(reported, snapshot.asOf()));
        });
        return builder.build();
    }

    public HoldRequest toDomain(PlaceHoldRequest r) {
        if (!r.hasExpiresAt()) {
            throw new InvalidArgumentException("expires_at", "is required");
        }
        return new HoldRequest(HospitalId.parse("hospital_id", r.getHospitalId()),
                CommonEnums.BED_CATEGORY.toDomain(r.getCategory(), "category"),
                r.getTransferReference(), ProtoTime.instant(r.getExpiresAt()),
                idempotencyKey(r.getIdempotencyKey()));
    }

    public List<HoldRequest> toDomain(PlaceHoldsRequest r) {
        List<HoldRequest> holds = new ArrayList<>();
        for (int i = 0; i < r.getHoldsCount(); i++) {
            try {
                holds.add(toDomain(r.getHolds(i)));
            } catch (InvalidArgumentException invalid) {
                throw invalid.under("holds[" + i + "]");
            }
        }
        if (holds.isEmpty()) {
            throw new InvalidArgumentException("holds", "must name at least one hold");
        }
        return holds;
    }

    public PlaceHoldResponse toProto(BedHolds.PlacedHold placed) {
        return PlaceHoldResponse.newBuilder().setHold(toProto(placed.hold())).setEffectiveAvailable(placed.effectiveAvailable()).build();
    }

    public HoldOutcome toProto(BedHolds.HoldOutcome outcome) {
        if (outcome.placed().isPresent()) {
            return HoldOutcome.newBuilder().setPlaced(toProto(outcome.placed().get())).build();
        }
        RuntimeException refused = outcome.refused().orElseThrow();
        HoldRefusalReason reason = refused instanceof NotFoundException ? HoldRefusalReason.HOLD_REFUSAL_REASON_UNKNOWN_HOSPITAL
                : refused instanceof FailedPreconditionException ? HoldRefusalReason.HOLD_REFUSAL_REASON_NOT_ACCEPTING
                : HoldRefusalReason.HOLD_REFUSAL_REASON_NO_BED_LEFT;
        return HoldOutcome.newBuilder().setRefused(HoldRefusal.newBuilder().setReason(reason)
                .setDescription(refused.getMessage())).build();
    }

    public List<BedHolds.Extension> toDomain(ExtendHoldsRequest r) {
        List<BedHolds.Extension> extensions = new ArrayList<>();
        for (int i = 0; i < r.getHoldsCount(); i++) {
            ExtendHoldRequest e = r.getHolds(i);
            try {
                extensions.add(new BedHolds.Extension(holdId(e.getHoldId()), requiredInstant("expires_at", e.hasExpiresAt(), e.getExpiresAt())));
            } catch (InvalidArgumentException invalid) {
                throw invalid.under("holds[" + i + "]");
            }
        }
        return extensions;
    }

    public ExtendHoldOutcome toProto(BedHolds.ExtensionOutcome outcome) {
        if (outcome.extended().isPresent()) {
            return ExtendHoldOutcome.newBuilder().setExtended(toProto(outcome.extended().get())).build();
        }
        RuntimeException refused = outcome.refused().orElseThrow();
        HoldRefusalReason reason = refused instanceof NotFoundException ? HoldRefusalReason.HOLD_REFUSAL_REASON_UNKNOWN_HOLD
                : HoldRefusalReason.HOLD_REFUSAL_REASON_NOT_ACTIVE;
        return ExtendHoldOutcome.newBuilder().setRefused(HoldRefusal.newBuilder().setReason(reason)
                .setDescription(refused.getMessage())).build();
    }

    public BedSearch toDomain(FindBedsRequest r, java.util.function.Function<HospitalId, GeoPoint> locate) {
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        for (int i = 0; i < r.getRequiredCapabilitiesCount(); i++) {
            capabilities.add(CommonEnums.CAPABILITY.toDomain(r.getRequiredCapabilities(i), "required_capabilities[" + i + "]"));
        }
        Optional<AgeBand> ageBand = r.getAgeBandValue() == 0 ? Optional.empty()
                : Optional.of(CommonEnums.AGE_BAND.toDomain(r.getAgeBand(), "age_band"));
        Optional<HospitalId> originHospital = Optional.empty();
        GeoPoint origin;
        switch (r.getOriginCase()) {
            case ORIGIN_HOSPITAL_ID -> {
                originHospital = Optional.of(HospitalId.parse("origin_hospital_id", r.getOriginHospitalId()));
                origin = locate.apply(originHospital.get());
            }
            case ORIGIN_POSITION -> origin = new GeoPoint(r.getOriginPosition().getLatitude(), r.getOriginPosition().getLongitude());
            default -> throw new InvalidArgumentException("origin", "is required: origin_hospital_id or origin_position");
        }
        return new BedSearch(CommonEnums.BED_CATEGORY.toDomain(r.getCategory(), "category"),
                capabilities, ageBand, origin, originHospital, java.time.Duration.ofMinutes(r.getMaxTravelMinutes()),
                r.getLimit() == 0 ? 10 : r.getLimit());
    }

    public FindBedsResponse toProto(RegionQueries.Found found) {
        var builder = FindBedsResponse.newBuilder().setStaleAfterSeconds(found.asOf().staleAfter().toSeconds());
        for (BedFinder.Candidate c : found.candidates()) {
            var candidate = BedCandidate.newBuilder().setHospital(toProto(c.hospital().hospital()))
                    .setBeds(categoryPicture(c.beds(), found.asOf()))
                    .setTravelMinutes((int) Math.ceil(c.travelTime().toSeconds() / 60.0))
                    .setCompromised(c.compromised());
            c.hospital().currentStatus().ifPresent(s -> candidate.setStatus(toProto(s)));
            builder.addCandidates(candidate);
        }
        return builder.build();
    }

    public ListOverdueHospitalsResponse toProto(RegionQueries.Overdue overdue) {
        var builder = ListOverdueHospitalsResponse.newBuilder().setStaleAfterSeconds(overdue.staleAfter().toSeconds())
                .setRegionInCrisis(overdue.regionInCrisis());
        for (OverdueHospital o : overdue.hospitals()) {
            var item = org.renfort.proto.capacity.v1.OverdueHospital.newBuilder().setHospital(toProto(o.hospital()))
                    .setAgeSeconds(o.age().toSeconds());
            o.lastReportedAt().ifPresent(at -> item.setLastReportedAt(timestamp(at)));
            builder.addHospitals(item);
        }
        return builder.build();
    }

    public GetCapacityHistoryResponse toProto(List<HistoryPoint> points) {
        return GetCapacityHistoryResponse.newBuilder().addAllPoints(points.stream().map(p -> org.renfort.proto.capacity.v1.HistoryPoint
                .newBuilder().setReportedAt(timestamp(p.reportedAt())).setSource(toProto(p.source()))
                .setBeds(toProto(p.beds())).build()).toList()).build();
    }

    public Instant requiredInstant(String field, boolean present, Timestamp t) {
        if (!present) {
            throw new InvalidArgumentException(field, "is required");
        }
        return toInstant(t, field);
    }

    public Optional<Instant> optionalInstant(boolean present, Timestamp t, String field) {
        return present ? Optional.of(toInstant(t, field)) : Optional.empty();
    }

    public Optional<BedCategory> optionalCategory(org.renfort.proto.common.v1.BedCategory category) {
        return category == org.renfort.proto.common.v1.BedCategory.BED_CATEGORY_UNSPECIFIED ? Optional.empty()
                : Optional.of(CommonEnums.BED_CATEGORY.toDomain(category, "category"));
    }

    private CategoryPicture categoryPicture(CategoryState c, AsOf asOf) {
        return CategoryPicture.newBuilder().setBeds(toProto(c.beds()))
                .setFreshness(freshness(new Reported<>(c.beds(), c.reportedAt(), c.source()), asOf))
                .setHeld(c.held()).setEffectiveAvailable(c.effectiveAvailable()).build();
    }

    public UUID holdId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("hold_id", "must be a UUID (got '" + value + "')");
        }
    }

    public Hold toProto(BedHold h) {
        return Hold.newBuilder().setHoldId(h.id().toString()).setHospitalId(h.hospital().value())
                .setCategory(CommonEnums.BED_CATEGORY.toProto(h.category()))
                .setTransferReference(h.transferReference())
                .setStatus(CapacityEnums.HOLD_STATUS.toProto(h.status()))
                .setExpiresAt(timestamp(h.expiresAt())).build();
    }

    public HospitalPicture toProto(HospitalState state, AsOf asOf) {
        var builder = HospitalPicture.newBuilder().setHospital(toProto(state.hospital()));
        state.categories().values().stream().sorted(java.util.Comparator.comparing(c -> c.beds().category()))
                .forEach(c -> builder.addCategories(categoryPicture(c, asOf)));
        state.status().ifPresent(reported -> {
            builder.setStatus(toProto(reported.value()));
            builder.setStatusFreshness(freshness(reported, asOf));
        });
        return builder.build();
    }

    public GetRegionSnapshotResponse toProto(RegionQueries.RegionPicture picture) {
        AsOf asOf = picture.asOf();
        return GetRegionSnapshotResponse.newBuilder().setPosition(picture.position()).setAsOf(timestamp(asOf.at()))
                .addAllHospitals(picture.hospitals().stream().map(h -> toProto(h, asOf)).toList()).build();
    }

    public org.renfort.proto.capacity.v1.RegionChange toProto(RegionQueries.ChangeTold applied) {
        return org.renfort.proto.capacity.v1.RegionChange.newBuilder().setPosition(applied.position())
                .setKind(CapacityEnums.CHANGE_KIND.toProto(applied.kind()))
                .setOccurredAt(timestamp(applied.occurredAt()))
                .setHospital(toProto(applied.hospital(), applied.asOf())).build();
    }

    private org.renfort.proto.capacity.v1.BedCount toProto(BedCount b) {
        return org.renfort.proto.capacity.v1.BedCount.newBuilder()
                .setCategory(CommonEnums.BED_CATEGORY.toProto(b.category()))
                .setStaffed(b.staffed()).setOccupied(b.occupied()).setAvailable(b.available())
                .setAdditionalWithin24H(b.additionalWithin24h()).setAdditionalWithin72H(b.additionalWithin72h()).build();
    }

    private org.renfort.proto.capacity.v1.HospitalStatus toProto(HospitalStatus s) {
        return org.renfort.proto.capacity.v1.HospitalStatus.newBuilder()
                .setEmergencyDepartmentStatus(CapacityEnums.EMERGENCY_DEPARTMENT_STATUS.toProto(s.emergencyDepartment()))
                .setEmergencyDepartmentReason(s.emergencyDepartmentReason())
                .setFacilityStatus(CapacityEnums.FACILITY_STATUS.toProto(s.facility()))
                .setCrisisPlanLevel(CapacityEnums.CRISIS_PLAN_LEVEL.toProto(s.crisisPlan())).build();
    }

    public org.renfort.proto.capacity.v1.ReportSource toProto(ReportSource source) {
        return CapacityEnums.REPORT_SOURCE.toProto(source);
    }

    private Freshness freshness(Reported<?> figure, AsOf asOf) {
        FreshnessPolicy.Freshness f = asOf.freshnessOf(figure);
        return Freshness.newBuilder().setReportedAt(timestamp(f.reportedAt())).setAgeSeconds(f.age().toSeconds())
                .setStale(f.stale()).setSource(toProto(f.source())).build();
    }
}
