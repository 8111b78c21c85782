package org.renfort.gateway;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import org.renfort.proto.capacity.v1.BedCandidate;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CategoryPicture;
import org.renfort.proto.capacity.v1.CrisisPlanLevel;
import org.renfort.proto.capacity.v1.EmergencyDepartmentStatus;
import org.renfort.proto.capacity.v1.FacilityStatus;
import org.renfort.proto.capacity.v1.HistoryPoint;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalKind;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.capacity.v1.HospitalStatus;
import org.renfort.proto.capacity.v1.OverdueHospital;
import org.renfort.proto.capacity.v1.CapacityService;
import org.renfort.proto.capacity.v1.ConsumeHoldRequest;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.FindBedsResponse;
import org.renfort.proto.capacity.v1.GetCapacityHistoryRequest;
import org.renfort.proto.capacity.v1.GetCapacityHistoryResponse;
import org.renfort.proto.capacity.v1.ListOverdueHospitalsRequest;
import org.renfort.proto.capacity.v1.ListOverdueHospitalsResponse;
import org.renfort.proto.capacity.v1.ConsumeHoldResponse;
import org.renfort.proto.capacity.v1.GetRegionSnapshotRequest;
import org.renfort.proto.capacity.v1.GetRegionSnapshotResponse;
import org.renfort.proto.capacity.v1.PlaceHoldRequest;
import org.renfort.proto.capacity.v1.PlaceHoldResponse;
import org.renfort.proto.capacity.v1.ReleaseHoldRequest;
import org.renfort.proto.capacity.v1.ReleaseHoldResponse;
import org.renfort.proto.capacity.v1.WatchRegionRequest;
import org.renfort.proto.capacity.v1.WatchRegionResponse;
import org.renfort.proto.capacity.v1.CategoryCapacity;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.CreateHospitalResponse;
import org.renfort.proto.capacity.v1.Freshness;
import org.renfort.proto.capacity.v1.GetHospitalCapacityRequest;
import org.renfort.proto.capacity.v1.GetHospitalCapacityResponse;
import org.renfort.proto.capacity.v1.GetHospitalRequest;
import org.renfort.proto.capacity.v1.GetHospitalResponse;
import org.renfort.proto.capacity.v1.HospitalCapacity;
import org.renfort.proto.capacity.v1.ListHospitalsRequest;
import org.renfort.proto.capacity.v1.ListHospitalsResponse;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.capacity.v1.PublishCapacityResponse;
import org.renfort.proto.capacity.v1.ReportSource;
import org.renfort.proto.capacity.v1.RetireHospitalRequest;
import org.renfort.proto.capacity.v1.RetireHospitalResponse;
import org.renfort.proto.capacity.v1.UpdateHospitalRequest;
import org.renfort.proto.capacity.v1.UpdateHospitalResponse;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.GeoPoint;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stands in for capacity-service in the gateway's own tests, served over real gRPC by the test
 * application. It requires a token, so a call only succeeds if the gateway passed the caller's
 * token on. The real service is exercised end to end by the devstack suite.
 */
@GrpcService
public class StandInCapacityService implements CapacityService {
    static final String KNOWN = "590000017";
    /** A hospital whose capacity read fails inside the service: an internal error on that one request. */
    static final String FAILING = "590000099";
    static final AtomicInteger CAPACITY_READS = new AtomicInteger();
    static final AtomicInteger PUBLISHED = new AtomicInteger();
    static final AtomicReference<FindBedsRequest> LAST_SEARCH = new AtomicReference<>();

    @Inject
    SecurityIdentity identity;

    @Override
    @RolesAllowed("coordinator")
    public Uni<CreateHospitalResponse> createHospital(CreateHospitalRequest request) {
        if (request.getIdempotencyKey().isEmpty()) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("idempotency_key: is required").asRuntimeException());
        }
        return Uni.createFrom().item(CreateHospitalResponse.newBuilder().setHospital(request.getHospital()).build());
    }

    @Override
    @RolesAllowed("coordinator")
    public Uni<UpdateHospitalResponse> updateHospital(UpdateHospitalRequest request) {
        return Uni.createFrom().item(UpdateHospitalResponse.newBuilder().setHospital(request.getHospital()).build());
    }

    @Override
    @RolesAllowed("coordinator")
    public Uni<RetireHospitalResponse> retireHospital(RetireHospitalRequest request) {
        return Uni.createFrom().item(RetireHospitalResponse.newBuilder()
                .setHospital(hospital(request.getHospitalId()).toBuilder().setRetired(true)).build());
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system", "dispatcher", "service"})
    public Uni<GetHospitalResponse> getHospital(GetHospitalRequest request) {
        return Uni.createFrom().failure(Status.NOT_FOUND.withDescription("hospital " + request.getHospitalId() + " not found").asRuntimeException());
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system", "dispatcher", "service"})
    public Uni<ListHospitalsResponse> listHospitals(ListHospitalsRequest request) {
        return Uni.createFrom().item(ListHospitalsResponse.getDefaultInstance());
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system"})
    public Uni<PublishCapacityResponse> publishCapacity(PublishCapacityRequest request) {
        PUBLISHED.incrementAndGet();
        if (request.getIdempotencyKey().isEmpty()) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("idempotency_key: is required").asRuntimeException());
        }
        return Uni.createFrom().item(PublishCapacityResponse.newBuilder().setReportId("r-1")
                .setSource(ReportSource.REPORT_SOURCE_HOSPITAL_STAFF)
                .setCapacity(capacity(request.getHospitalId())).build());
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system", "dispatcher", "service"})
    public Uni<GetHospitalCapacityResponse> getHospitalCapacity(GetHospitalCapacityRequest request) {
        CAPACITY_READS.incrementAndGet();
        if (FAILING.equals(request.getHospitalId())) {
            return Uni.createFrom().failure(Status.INTERNAL.withDescription("internal error (request id x)").asRuntimeException());
        }
        if (!KNOWN.equals(request.getHospitalId())) {
            return Uni.createFrom().failure(Status.NOT_FOUND.withDescription("hospital " + request.getHospitalId() + " not found").asRuntimeException());
        }
        return Uni.createFrom().item(GetHospitalCapacityResponse.newBuilder().setCapacity(capacity(KNOWN)).build());
    }

    // The gateway does not expose these yet: they answer UNIMPLEMENTED, as a service without them would.
    @Override
    @RolesAllowed("coordinator")
    public Uni<PlaceHoldResponse> placeHold(PlaceHoldRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    @RolesAllowed("coordinator")
    public Uni<ReleaseHoldResponse> releaseHold(ReleaseHoldRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    @RolesAllowed("coordinator")
    public Uni<ConsumeHoldResponse> consumeHold(ConsumeHoldRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    @RolesAllowed("coordinator")
    public Uni<org.renfort.proto.capacity.v1.ExtendHoldResponse> extendHold(org.renfort.proto.capacity.v1.ExtendHoldRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system", "dispatcher", "service"})
    public Uni<GetRegionSnapshotResponse> getRegionSnapshot(GetRegionSnapshotRequest request) {
        return Uni.createFrom().item(GetRegionSnapshotResponse.newBuilder().setPosition(42)
                .setAsOf(Timestamp.newBuilder().setSeconds(1_707_630_000L))
                .addHospitals(picture(KNOWN, 3, 1, FacilityStatus.FACILITY_STATUS_COMPROMISED))
                .addHospitals(picture("590000025", 6, 0, FacilityStatus.FACILITY_STATUS_NORMAL)).build());
    }

    @Override
    @RolesAllowed("coordinator")
    public Multi<WatchRegionResponse> watchRegion(WatchRegionRequest request) {
        return Multi.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system", "dispatcher", "service"})
    public Uni<FindBedsResponse> findBeds(FindBedsRequest request) {
        LAST_SEARCH.set(request);
        return Uni.createFrom().item(FindBedsResponse.newBuilder().setStaleAfterSeconds(14_400)
                .addCandidates(BedCandidate.newBuilder().setHospital(hospital("590000025"))
                        .setBeds(picture("590000025", 6, 0, FacilityStatus.FACILITY_STATUS_NORMAL).getCategories(0))
                        .setTravelMinutes(22)).build());
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system", "dispatcher", "service"})
    public Uni<ListOverdueHospitalsResponse> listOverdueHospitals(ListOverdueHospitalsRequest request) {
        return Uni.createFrom().item(ListOverdueHospitalsResponse.newBuilder().setStaleAfterSeconds(3_600).setRegionInCrisis(true)
                .addHospitals(OverdueHospital.newBuilder().setHospital(hospital(KNOWN)).setAgeSeconds(7_200)
                        .setLastReportedAt(Timestamp.newBuilder().setSeconds(1_707_622_800L))).build());
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system", "dispatcher", "service"})
    public Uni<GetCapacityHistoryResponse> getCapacityHistory(GetCapacityHistoryRequest request) {
        if (!KNOWN.equals(request.getHospitalId())) {
            return Uni.createFrom().failure(Status.NOT_FOUND.withDescription("hospital " + request.getHospitalId() + " not found").asRuntimeException());
        }
        return Uni.createFrom().item(GetCapacityHistoryResponse.newBuilder()
                .addPoints(HistoryPoint.newBuilder().setReportedAt(Timestamp.newBuilder().setSeconds(1_707_620_000L))
                        .setSource(ReportSource.REPORT_SOURCE_HOSPITAL_SYSTEM)
                        .setBeds(BedCount.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU).setStaffed(12).setOccupied(8).setAvailable(4)))
                .build());
    }

    private static Hospital hospital(String id) {
        return Hospital.newBuilder().setHospitalId(id).setName("Hospital " + id).setDepartment("59")
                .setKind(HospitalKind.HOSPITAL_KIND_GENERAL_HOSPITAL)
                .setLocation(GeoPoint.newBuilder().setLatitude(50.6).setLongitude(3.0)).build();
    }

    private static HospitalPicture picture(String id, int available, int held, FacilityStatus facility) {
        Timestamp at = Timestamp.newBuilder().setSeconds(1_707_630_000L).build();
        return HospitalPicture.newBuilder().setHospital(hospital(id))
                .addCategories(CategoryPicture.newBuilder()
                        .setBeds(BedCount.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                                .setStaffed(10).setOccupied(10 - available).setAvailable(available))
                        .setHeld(held).setEffectiveAvailable(available - held)
                        .setFreshness(Freshness.newBuilder().setReportedAt(at).setSource(ReportSource.REPORT_SOURCE_HOSPITAL_SYSTEM)))
                .setStatus(HospitalStatus.newBuilder().setFacilityStatus(facility)
                        .setEmergencyDepartmentStatus(EmergencyDepartmentStatus.EMERGENCY_DEPARTMENT_STATUS_NORMAL)
                        .setCrisisPlanLevel(CrisisPlanLevel.CRISIS_PLAN_LEVEL_NONE))
                .build();
    }

    private static HospitalCapacity capacity(String id) {
        Timestamp at = Timestamp.newBuilder().setSeconds(1_707_630_000L).build();
        return HospitalCapacity.newBuilder().setHospitalId(id).setAsOf(at)
                .addCategories(CategoryCapacity.newBuilder()
                        .setBeds(BedCount.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                                .setStaffed(12).setOccupied(9).setAvailable(3))
                        .setFreshness(Freshness.newBuilder().setReportedAt(at).setAgeSeconds(60)
                                .setSource(ReportSource.REPORT_SOURCE_HOSPITAL_SYSTEM)))
                .build();
    }
}
