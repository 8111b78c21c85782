package org.renfort.testsupport.standin;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.kernel.Role;
import org.renfort.proto.capacity.v1.BedCandidate;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CapacityService;
import org.renfort.proto.capacity.v1.CategoryCapacity;
import org.renfort.proto.capacity.v1.CategoryPicture;
import org.renfort.proto.capacity.v1.ChangeKind;
import org.renfort.proto.capacity.v1.ConsumeHoldRequest;
import org.renfort.proto.capacity.v1.ConsumeHoldResponse;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.CreateHospitalResponse;
import org.renfort.proto.capacity.v1.CrisisPlanLevel;
import org.renfort.proto.capacity.v1.EmergencyDepartmentStatus;
import org.renfort.proto.capacity.v1.ExtendHoldRequest;
import org.renfort.proto.capacity.v1.ExtendHoldResponse;
import org.renfort.proto.capacity.v1.ExtendHoldOutcome;
import org.renfort.proto.capacity.v1.ExtendHoldsRequest;
import org.renfort.proto.capacity.v1.ExtendHoldsResponse;
import org.renfort.proto.capacity.v1.FacilityStatus;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.FindBedsResponse;
import org.renfort.proto.capacity.v1.Freshness;
import org.renfort.proto.capacity.v1.GetCapacityHistoryRequest;
import org.renfort.proto.capacity.v1.GetCapacityHistoryResponse;
import org.renfort.proto.capacity.v1.GetHospitalCapacityRequest;
import org.renfort.proto.capacity.v1.GetHospitalCapacityResponse;
import org.renfort.proto.capacity.v1.GetHospitalRequest;
import org.renfort.proto.capacity.v1.GetHospitalResponse;
import org.renfort.proto.capacity.v1.GetRegionSnapshotRequest;
import org.renfort.proto.capacity.v1.GetRegionSnapshotResponse;
import org.renfort.proto.capacity.v1.HistoryPoint;
import org.renfort.proto.capacity.v1.Hold;
import org.renfort.proto.capacity.v1.HoldStatus;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalCapacity;
import org.renfort.proto.capacity.v1.HospitalKind;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.capacity.v1.HospitalStatus;
import org.renfort.proto.capacity.v1.ListHospitalsRequest;
import org.renfort.proto.capacity.v1.ListHospitalsResponse;
import org.renfort.proto.capacity.v1.ListOverdueHospitalsRequest;
import org.renfort.proto.capacity.v1.ListOverdueHospitalsResponse;
import org.renfort.proto.capacity.v1.OverdueHospital;
import org.renfort.proto.capacity.v1.PlaceHoldRequest;
import org.renfort.proto.capacity.v1.PlaceHoldResponse;
import org.renfort.proto.capacity.v1.PlaceHoldsRequest;
import org.renfort.proto.capacity.v1.PlaceHoldsResponse;
import org.renfort.proto.capacity.v1.HoldOutcome;
import org.renfort.proto.capacity.v1.HoldRefusal;
import org.renfort.proto.capacity.v1.HoldRefusalReason;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.capacity.v1.PublishCapacityResponse;
import org.renfort.proto.capacity.v1.RegionChange;
import org.renfort.proto.capacity.v1.ReleaseHoldRequest;
import org.renfort.proto.capacity.v1.ReleaseHoldResponse;
import org.renfort.proto.capacity.v1.ReportSource;
import org.renfort.proto.capacity.v1.RetireHospitalRequest;
import org.renfort.proto.capacity.v1.RetireHospitalResponse;
import org.renfort.proto.capacity.v1.UpdateHospitalRequest;
import org.renfort.proto.capacity.v1.UpdateHospitalResponse;
import org.renfort.proto.capacity.v1.WatchRegionRequest;
import org.renfort.proto.capacity.v1.WatchRegionResponse;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.GeoPoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * capacity-service as its callers' tests see it: the whole contract over real gRPC, served by
 * the test application itself, with the real service's roles on every call (so a call succeeds
 * only if the caller passed a valid token on). One in-memory region - a registry, ADULT_ICU
 * beds per hospital with their reports, holds with capacity-service's rules (idempotency key,
 * never over-commit, idempotent release and consume), a change stream - that each test fills
 * with what it needs, and a switch that makes every call UNAVAILABLE, for outage tests.
 * <p>
 * Compiled into the tests of transfer-service and gateway (build-helper adds this folder), each
 * against its own generated stubs: one source, no second copy of the generated classes. The
 * picture is as of {@link #AS_OF}, a fixed time, so that ages are exact. A published report is
 * validated, counted and answered with the current picture, but does not change it: the
 * callers' tests check what they send, and another test's report must not move their figures.
 * The real service plays every part in the end-to-end suite.
 */
@GrpcService
public class StandInCapacityService implements CapacityService {
    /** The time the picture is as of (2024-02-11T05:40:00Z, the morning after Armentières went down). */
    public static final long AS_OF = 1_707_630_000L;
    /** Hospitals found by searches from a position rather than from a hospital. */
    public static final String FROM_THE_FIELD = "field";
    /** A hospital whose capacity read fails inside the service: an internal error on that one request. */
    public static final String FAILING = "590000099";

    private static final Map<String, Hospital> REGISTRY = new ConcurrentHashMap<>();
    private static final Map<String, Beds> BEDS = new ConcurrentHashMap<>();
    private static final Map<UUID, Hold> HOLDS = new ConcurrentHashMap<>();
    private static final Map<String, UUID> HOLD_KEYS = new ConcurrentHashMap<>();
    private static final BroadcastProcessor<WatchRegionResponse> CHANGES = BroadcastProcessor.create();
    /** The position of the last change of the region. */
    public static final AtomicLong POSITION = new AtomicLong();

    public static final AtomicBoolean DOWN = new AtomicBoolean();
    /** Calls that reached the stand-in while it was down: a breaker keeps this from growing. */
    public static final AtomicInteger REFUSED_WHILE_DOWN = new AtomicInteger();
    public static final AtomicInteger CAPACITY_READS = new AtomicInteger();
    public static final AtomicInteger PUBLISHED = new AtomicInteger();
    /** PlaceHolds calls answered, and the holds they carried. */
    public static final AtomicInteger PLACE_HOLDS_CALLS = new AtomicInteger();
    public static final AtomicInteger HOLDS_IN_PLACE_HOLDS = new AtomicInteger();
    public static final AtomicReference<FindBedsRequest> LAST_SEARCH = new AtomicReference<>();

    /** One hospital's ADULT_ICU beds: where it is found from, how far, its reports (the last is current). */
    private static final class Beds {
        final String origin;
        final int travelMinutes;
        final List<HistoryPoint> reports = new CopyOnWriteArrayList<>();
        volatile FacilityStatus facility = FacilityStatus.FACILITY_STATUS_NORMAL;

        Beds(String origin, int travelMinutes) {
            this.origin = origin;
            this.travelMinutes = travelMinutes;
        }

        BedCount current() {
            return reports.get(reports.size() - 1).getBeds();
        }

        long reportedAt() {
            return reports.get(reports.size() - 1).getReportedAt().getSeconds();
        }
    }

    // ---- filling the region -------------------------------------------------------------------

    /** Registry entries without beds (a hospital a transfer may name). */
    public static void register(String... hospitals) {
        for (String id : hospitals) {
            REGISTRY.putIfAbsent(id, hospital(id));
        }
    }

    /**
     * A hospital with free ADULT_ICU beds joins the region, found only by searches from one origin
     * (a hospital id, or {@link #FROM_THE_FIELD}): each test its own, so that what other tests left
     * never reaches its hospitals. Watchers hear of it as a capacity report.
     */
    public static void offer(String origin, String hospital, int travelMinutes, int freeBeds) {
        reports(origin, hospital, travelMinutes, report(AS_OF, freeBeds + 2, 2, freeBeds));
        announce(hospital);
    }

    /** Tells the region's watchers that a hospital's picture changed (as a report would), its figures as they are. */
    public static void announceReport(String hospital) {
        announce(hospital);
    }

    /** A hospital and its report history, oldest first (the last one is current), found from an origin. */
    public static void reports(String origin, String hospital, int travelMinutes, HistoryPoint... history) {
        register(origin, hospital);
        Beds beds = new Beds(origin, travelMinutes);
        beds.reports.addAll(List.of(history));
        BEDS.put(hospital, beds);
    }

    /** An ADULT_ICU report made at {@code at} (seconds since the epoch). */
    public static HistoryPoint report(long at, int staffed, int occupied, int available) {
        return HistoryPoint.newBuilder().setReportedAt(Timestamp.newBuilder().setSeconds(at))
                .setSource(ReportSource.REPORT_SOURCE_HOSPITAL_SYSTEM)
                .setBeds(BedCount.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                        .setStaffed(staffed).setOccupied(occupied).setAvailable(available)).build();
    }

    /** Moves a hospital (every one starts at 50.6 N 3.0 E): plans estimate travel from locations. */
    public static void locate(String hospital, double latitude, double longitude) {
        REGISTRY.computeIfPresent(hospital, (id, h) -> h.toBuilder()
                .setLocation(GeoPoint.newBuilder().setLatitude(latitude).setLongitude(longitude)).build());
    }

    public static void facilityStatus(String hospital, FacilityStatus status) {
        BEDS.get(hospital).facility = status;
    }

    /** A bed held at a hospital for a transfer, as placed through the contract (once: the key is the pair). */
    public static Hold hold(String hospital, String transferReference) {
        return place(PlaceHoldRequest.newBuilder().setHospitalId(hospital).setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                .setTransferReference(transferReference).setIdempotencyKey(hospital + "/" + transferReference)
                .setExpiresAt(Timestamp.newBuilder().setSeconds(AS_OF + 3_600)).build()).getHold();
    }

    public static List<Hold> holdsFor(String transferReference) {
        return HOLDS.values().stream().filter(h -> h.getTransferReference().equals(transferReference)).toList();
    }

    // ---- registry -----------------------------------------------------------------------------

    @Override
    @RolesAllowed(Role.Names.COORDINATOR)
    public Uni<CreateHospitalResponse> createHospital(CreateHospitalRequest request) {
        return answer(() -> {
            requireKey(request.getIdempotencyKey());
            REGISTRY.put(request.getHospital().getHospitalId(), request.getHospital());
            return CreateHospitalResponse.newBuilder().setHospital(request.getHospital()).build();
        });
    }

    @Override
    @RolesAllowed(Role.Names.COORDINATOR)
    public Uni<UpdateHospitalResponse> updateHospital(UpdateHospitalRequest request) {
        return answer(() -> {
            registered(request.getHospital().getHospitalId());
            REGISTRY.put(request.getHospital().getHospitalId(), request.getHospital());
            return UpdateHospitalResponse.newBuilder().setHospital(request.getHospital()).build();
        });
    }

    @Override
    @RolesAllowed(Role.Names.COORDINATOR)
    public Uni<RetireHospitalResponse> retireHospital(RetireHospitalRequest request) {
        return answer(() -> {
            Hospital retired = registered(request.getHospitalId()).toBuilder().setRetired(true).build();
            REGISTRY.put(retired.getHospitalId(), retired);
            return RetireHospitalResponse.newBuilder().setHospital(retired).build();
        });
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<GetHospitalResponse> getHospital(GetHospitalRequest request) {
        return answer(() -> GetHospitalResponse.newBuilder().setHospital(registered(request.getHospitalId())).build());
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<ListHospitalsResponse> listHospitals(ListHospitalsRequest request) {
        return answer(() -> ListHospitalsResponse.newBuilder().addAllHospitals(REGISTRY.values()).build());
    }

    // ---- capacity -----------------------------------------------------------------------------

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM})
    public Uni<PublishCapacityResponse> publishCapacity(PublishCapacityRequest request) {
        PUBLISHED.incrementAndGet();
        return answer(() -> {
            requireKey(request.getIdempotencyKey());
            return PublishCapacityResponse.newBuilder().setReportId(UUID.randomUUID().toString())
                    .setSource(ReportSource.REPORT_SOURCE_HOSPITAL_STAFF).setCapacity(capacity(request.getHospitalId())).build();
        });
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<GetHospitalCapacityResponse> getHospitalCapacity(GetHospitalCapacityRequest request) {
        CAPACITY_READS.incrementAndGet();
        return answer(() -> {
            if (FAILING.equals(request.getHospitalId())) {
                throw Status.INTERNAL.withDescription("internal error (request id stand-in)").asRuntimeException();
            }
            return GetHospitalCapacityResponse.newBuilder().setCapacity(capacity(request.getHospitalId())).build();
        });
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<GetCapacityHistoryResponse> getCapacityHistory(GetCapacityHistoryRequest request) {
        return answer(() -> GetCapacityHistoryResponse.newBuilder().addAllPoints(beds(request.getHospitalId()).reports).build());
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<ListOverdueHospitalsResponse> listOverdueHospitals(ListOverdueHospitalsRequest request) {
        return answer(() -> {
            ListOverdueHospitalsResponse.Builder overdue = ListOverdueHospitalsResponse.newBuilder().setStaleAfterSeconds(3_600)
                    .setRegionInCrisis(BEDS.values().stream().anyMatch(b -> b.facility != FacilityStatus.FACILITY_STATUS_NORMAL));
            BEDS.forEach((id, beds) -> {
                if (AS_OF - beds.reportedAt() > 3_600) {
                    overdue.addHospitals(OverdueHospital.newBuilder().setHospital(REGISTRY.get(id))
                            .setAgeSeconds(AS_OF - beds.reportedAt())
                            .setLastReportedAt(Timestamp.newBuilder().setSeconds(beds.reportedAt())));
                }
            });
            return overdue.build();
        });
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<GetRegionSnapshotResponse> getRegionSnapshot(GetRegionSnapshotRequest request) {
        return answer(() -> {
            GetRegionSnapshotResponse.Builder snapshot = GetRegionSnapshotResponse.newBuilder().setPosition(POSITION.get())
                    .setAsOf(Timestamp.newBuilder().setSeconds(AS_OF));
            // Hospitals with beds only (unlike capacity-service, which lists every registered one): other
            // tests' registrations must not move a test's figures.
            BEDS.keySet().stream().sorted().forEach(id -> snapshot.addHospitals(picture(id)));
            return snapshot.build();
        });
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Multi<WatchRegionResponse> watchRegion(WatchRegionRequest request) {
        return CHANGES;
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<FindBedsResponse> findBeds(FindBedsRequest request) {
        LAST_SEARCH.set(request);
        return answer(() -> {
            String origin = request.hasOriginPosition() ? FROM_THE_FIELD : request.getOriginHospitalId();
            List<Map.Entry<String, Beds>> found = new ArrayList<>(BEDS.entrySet().stream()
                    .filter(e -> e.getValue().origin.equals(origin) && e.getValue().travelMinutes <= request.getMaxTravelMinutes()
                            && free(e.getKey()) > 0)
                    .toList());
            found.sort(Comparator.comparingInt(e -> e.getValue().travelMinutes));
            FindBedsResponse.Builder response = FindBedsResponse.newBuilder().setStaleAfterSeconds(14_400);
            found.forEach(e -> response.addCandidates(BedCandidate.newBuilder().setHospital(REGISTRY.get(e.getKey()))
                    .setBeds(picture(e.getKey()).getCategories(0)).setTravelMinutes(e.getValue().travelMinutes)));
            return response.build();
        });
    }

    // ---- holds --------------------------------------------------------------------------------

    @Override
    @RolesAllowed({Role.Names.SERVICE, Role.Names.COORDINATOR})
    public Uni<PlaceHoldResponse> placeHold(PlaceHoldRequest request) {
        return answer(() -> place(request));
    }

    @Override
    @RolesAllowed({Role.Names.SERVICE, Role.Names.COORDINATOR})
    public Uni<PlaceHoldsResponse> placeHolds(PlaceHoldsRequest request) {
        return answer(() -> {
            PLACE_HOLDS_CALLS.incrementAndGet();
            HOLDS_IN_PLACE_HOLDS.addAndGet(request.getHoldsCount());
            PlaceHoldsResponse.Builder response = PlaceHoldsResponse.newBuilder();
            for (PlaceHoldRequest hold : request.getHoldsList()) {
                try {
                    response.addOutcomes(HoldOutcome.newBuilder().setPlaced(place(hold)));
                } catch (StatusRuntimeException refused) {
                    response.addOutcomes(HoldOutcome.newBuilder().setRefused(HoldRefusal.newBuilder()
                            .setReason(refused.getStatus().getCode() == Status.Code.NOT_FOUND
                                    ? HoldRefusalReason.HOLD_REFUSAL_REASON_UNKNOWN_HOSPITAL
                                    : HoldRefusalReason.HOLD_REFUSAL_REASON_NO_BED_LEFT)
                            .setDescription(String.valueOf(refused.getStatus().getDescription()))));
                }
            }
            return response.build();
        });
    }

    private static synchronized PlaceHoldResponse place(PlaceHoldRequest request) {
        UUID previous = HOLD_KEYS.get(request.getIdempotencyKey());
        if (previous != null) {
            return PlaceHoldResponse.newBuilder().setHold(HOLDS.get(previous)).setEffectiveAvailable(free(request.getHospitalId())).build();
        }
        beds(request.getHospitalId());
        if (free(request.getHospitalId()) < 1) {
            throw Status.RESOURCE_EXHAUSTED.withDescription("no bed left at " + request.getHospitalId()).asRuntimeException();
        }
        Hold hold = Hold.newBuilder().setHoldId(UUID.randomUUID().toString()).setHospitalId(request.getHospitalId())
                .setCategory(request.getCategory()).setTransferReference(request.getTransferReference())
                .setStatus(HoldStatus.HOLD_STATUS_ACTIVE).setExpiresAt(request.getExpiresAt()).build();
        HOLDS.put(UUID.fromString(hold.getHoldId()), hold);
        HOLD_KEYS.put(request.getIdempotencyKey(), UUID.fromString(hold.getHoldId()));
        return PlaceHoldResponse.newBuilder().setHold(hold).setEffectiveAvailable(free(request.getHospitalId())).build();
    }

    @Override
    @RolesAllowed({Role.Names.SERVICE, Role.Names.COORDINATOR})
    public Uni<ReleaseHoldResponse> releaseHold(ReleaseHoldRequest request) {
        return answer(() -> ReleaseHoldResponse.newBuilder().setHold(close(request.getHoldId(), HoldStatus.HOLD_STATUS_RELEASED)).build());
    }

    /** A consumed hold's bed is occupied: one bed fewer available from then on. */
    @Override
    @RolesAllowed({Role.Names.SERVICE, Role.Names.COORDINATOR})
    public Uni<ConsumeHoldResponse> consumeHold(ConsumeHoldRequest request) {
        return answer(() -> ConsumeHoldResponse.newBuilder().setHold(close(request.getHoldId(), HoldStatus.HOLD_STATUS_CONSUMED)).build());
    }

    @Override
    @RolesAllowed({Role.Names.SERVICE, Role.Names.COORDINATOR})
    public Uni<ExtendHoldResponse> extendHold(ExtendHoldRequest request) {
        return answer(() -> {
            Hold hold = existing(request.getHoldId());
            if (hold.getStatus() != HoldStatus.HOLD_STATUS_ACTIVE) {
                throw Status.FAILED_PRECONDITION.withDescription("hold is " + hold.getStatus()).asRuntimeException();
            }
            Hold extended = hold.toBuilder().setExpiresAt(request.getExpiresAt()).build();
            HOLDS.put(UUID.fromString(hold.getHoldId()), extended);
            return ExtendHoldResponse.newBuilder().setHold(extended).build();
        });
    }

    @Override
    @RolesAllowed({Role.Names.SERVICE, Role.Names.COORDINATOR})
    public Uni<ExtendHoldsResponse> extendHolds(ExtendHoldsRequest request) {
        return answer(() -> {
            ExtendHoldsResponse.Builder response = ExtendHoldsResponse.newBuilder();
            for (ExtendHoldRequest extension : request.getHoldsList()) {
                Hold hold = HOLDS.get(UUID.fromString(extension.getHoldId()));
                if (hold == null || hold.getStatus() != HoldStatus.HOLD_STATUS_ACTIVE) {
                    response.addOutcomes(ExtendHoldOutcome.newBuilder().setRefused(HoldRefusal.newBuilder()
                            .setReason(hold == null ? HoldRefusalReason.HOLD_REFUSAL_REASON_UNKNOWN_HOLD
                                    : HoldRefusalReason.HOLD_REFUSAL_REASON_NOT_ACTIVE)
                            .setDescription(hold == null ? "hold not found" : "hold is " + hold.getStatus())));
                } else {
                    Hold extended = hold.toBuilder().setExpiresAt(extension.getExpiresAt()).build();
                    HOLDS.put(UUID.fromString(hold.getHoldId()), extended);
                    response.addOutcomes(ExtendHoldOutcome.newBuilder().setExtended(extended));
                }
            }
            return response.build();
        });
    }

    private static synchronized Hold close(String holdId, HoldStatus target) {
        Hold hold = existing(holdId);
        if (hold.getStatus() == target) {
            return hold;
        }
        if (hold.getStatus() != HoldStatus.HOLD_STATUS_ACTIVE) {
            throw Status.FAILED_PRECONDITION.withDescription("hold is " + hold.getStatus()).asRuntimeException();
        }
        Hold closed = hold.toBuilder().setStatus(target).build();
        HOLDS.put(UUID.fromString(holdId), closed);
        if (target == HoldStatus.HOLD_STATUS_CONSUMED) {
            Beds beds = beds(hold.getHospitalId());
            BedCount now = beds.current();
            beds.reports.add(report(AS_OF, now.getStaffed(), now.getOccupied() + 1, now.getAvailable() - 1));
        }
        return closed;
    }

    // ---- the region as pictures -----------------------------------------------------------------

    private static <T> Uni<T> answer(Supplier<T> body) {
        if (DOWN.get()) {
            REFUSED_WHILE_DOWN.incrementAndGet();
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("stand-in is down").asRuntimeException());
        }
        try {
            return Uni.createFrom().item(body.get());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private static void requireKey(String key) {
        if (key.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("idempotency_key: is required").asRuntimeException();
        }
    }

    private static Hospital registered(String id) {
        Hospital h = REGISTRY.get(id);
        if (h == null) {
            throw Status.NOT_FOUND.withDescription("hospital " + id + " not found").asRuntimeException();
        }
        return h;
    }

    private static Beds beds(String id) {
        registered(id);
        Beds beds = BEDS.get(id);
        if (beds == null) {
            throw Status.NOT_FOUND.withDescription("hospital " + id + " has not reported any ADULT_ICU beds").asRuntimeException();
        }
        return beds;
    }

    private static Hold existing(String holdId) {
        Hold hold = HOLDS.get(UUID.fromString(holdId));
        if (hold == null) {
            throw Status.NOT_FOUND.withDescription("hold " + holdId + " not found").asRuntimeException();
        }
        return hold;
    }

    private static int held(String hospital) {
        return (int) HOLDS.values().stream()
                .filter(h -> h.getHospitalId().equals(hospital) && h.getStatus() == HoldStatus.HOLD_STATUS_ACTIVE).count();
    }

    private static int free(String hospital) {
        return beds(hospital).current().getAvailable() - held(hospital);
    }

    private static Hospital hospital(String id) {
        return Hospital.newBuilder().setHospitalId(id).setName("Hospital " + id).setDepartment("59")
                .setKind(HospitalKind.HOSPITAL_KIND_GENERAL_HOSPITAL)
                .setLocation(GeoPoint.newBuilder().setLatitude(50.6).setLongitude(3.0)).build();
    }

    private static Freshness freshness(Beds beds) {
        return Freshness.newBuilder().setReportedAt(Timestamp.newBuilder().setSeconds(beds.reportedAt()))
                .setAgeSeconds(AS_OF - beds.reportedAt()).setSource(ReportSource.REPORT_SOURCE_HOSPITAL_SYSTEM).build();
    }

    private static HospitalCapacity capacity(String id) {
        Beds beds = beds(id);
        return HospitalCapacity.newBuilder().setHospitalId(id).setAsOf(Timestamp.newBuilder().setSeconds(AS_OF))
                .addCategories(CategoryCapacity.newBuilder().setBeds(beds.current()).setFreshness(freshness(beds))).build();
    }

    private static HospitalPicture picture(String id) {
        Beds beds = beds(id);
        return HospitalPicture.newBuilder().setHospital(REGISTRY.get(id))
                .addCategories(CategoryPicture.newBuilder().setBeds(beds.current()).setHeld(held(id))
                        .setEffectiveAvailable(free(id)).setFreshness(freshness(beds)))
                .setStatus(HospitalStatus.newBuilder().setFacilityStatus(beds.facility)
                        .setEmergencyDepartmentStatus(EmergencyDepartmentStatus.EMERGENCY_DEPARTMENT_STATUS_NORMAL)
                        .setCrisisPlanLevel(CrisisPlanLevel.CRISIS_PLAN_LEVEL_NONE))
                .build();
    }

    private static void announce(String id) {
        CHANGES.onNext(WatchRegionResponse.newBuilder().setChange(RegionChange.newBuilder()
                .setPosition(POSITION.incrementAndGet()).setKind(ChangeKind.CHANGE_KIND_CAPACITY_REPORTED)
                .setHospital(picture(id))).build());
    }
}
