package org.renfort.gateway;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import org.renfort.proto.capacity.v1.BedCount;
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
import org.renfort.proto.common.v1.BedCategory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for capacity-service in the gateway's own tests, served over real gRPC by the test
 * application. It requires a token, so a call only succeeds if the gateway passed the caller's
 * token on. The real service is exercised end to end by the devstack suite.
 */
@GrpcService
public class StandInCapacityService implements CapacityService {
    static final String KNOWN = "590000017";
    static final AtomicInteger PUBLISHED = new AtomicInteger();

    @Inject
    SecurityIdentity identity;

    @Override
    @RolesAllowed("coordinator")
    public Uni<CreateHospitalResponse> createHospital(CreateHospitalRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
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
    public Uni<GetRegionSnapshotResponse> getRegionSnapshot(GetRegionSnapshotRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    @RolesAllowed("coordinator")
    public Multi<WatchRegionResponse> watchRegion(WatchRegionRequest request) {
        return Multi.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    @RolesAllowed("coordinator")
    public Uni<FindBedsResponse> findBeds(FindBedsRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    @RolesAllowed("coordinator")
    public Uni<ListOverdueHospitalsResponse> listOverdueHospitals(ListOverdueHospitalsRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    @RolesAllowed("coordinator")
    public Uni<GetCapacityHistoryResponse> getCapacityHistory(GetCapacityHistoryRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
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
