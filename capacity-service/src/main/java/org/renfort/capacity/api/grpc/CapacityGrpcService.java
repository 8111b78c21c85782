package org.renfort.capacity.api.grpc;

import org.renfort.servicekit.CallerResolver;
import org.renfort.servicekit.GrpcErrors;

import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.capacity.application.CapacityReports;
import org.renfort.capacity.application.HospitalRegistry;
import org.renfort.kernel.HospitalId;
import org.renfort.proto.capacity.v1.CapacityService;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.CreateHospitalResponse;
import org.renfort.proto.capacity.v1.GetHospitalCapacityRequest;
import org.renfort.proto.capacity.v1.GetHospitalCapacityResponse;
import org.renfort.proto.capacity.v1.GetHospitalRequest;
import org.renfort.proto.capacity.v1.GetHospitalResponse;
import org.renfort.proto.capacity.v1.ListHospitalsRequest;
import org.renfort.proto.capacity.v1.ListHospitalsResponse;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.capacity.v1.PublishCapacityResponse;

import java.util.Optional;

/** The gRPC edge of capacity-service: authorises by role, maps, delegates. */
@GrpcService
public class CapacityGrpcService implements CapacityService {

    private final HospitalRegistry registry;
    private final CapacityReports reports;
    private final CapacityProtoMapper mapper;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    CapacityGrpcService(HospitalRegistry registry, CapacityReports reports, CapacityProtoMapper mapper,
                        CallerResolver callers, SecurityIdentity identity) {
        this.registry = registry;
        this.reports = reports;
        this.mapper = mapper;
        this.callers = callers;
        this.identity = identity;
    }

    @Override
    @RolesAllowed("coordinator")
    public Uni<CreateHospitalResponse> createHospital(CreateHospitalRequest request) {
        return GrpcErrors.guarded(() -> registry.create(callers.resolve(identity), mapper.toDomain(request.getHospital()),
                        mapper.idempotencyKey(request.getIdempotencyKey()))
                .map(h -> CreateHospitalResponse.newBuilder().setHospital(mapper.toProto(h)).build()));
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system", "dispatcher", "service"})
    public Uni<GetHospitalResponse> getHospital(GetHospitalRequest request) {
        return GrpcErrors.guarded(() -> registry.get(HospitalId.parse("hospital_id", request.getHospitalId()))
                .map(h -> GetHospitalResponse.newBuilder().setHospital(mapper.toProto(h)).build()));
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system", "dispatcher", "service"})
    public Uni<ListHospitalsResponse> listHospitals(ListHospitalsRequest request) {
        Optional<String> department = request.getDepartment().isBlank() ? Optional.empty() : Optional.of(request.getDepartment());
        return GrpcErrors.guarded(() -> registry.list(department)
                .map(list -> ListHospitalsResponse.newBuilder()
                        .addAllHospitals(list.stream().map(mapper::toProto).toList()).build()));
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system"})
    public Uni<PublishCapacityResponse> publishCapacity(PublishCapacityRequest request) {
        return GrpcErrors.guarded(() -> reports.publish(callers.resolve(identity), mapper.toDomain(request))
                .map(published -> PublishCapacityResponse.newBuilder()
                        .setReportId(published.report().reportId().toString())
                        .setSource(mapper.toProto(published.report().source()))
                        .setCapacity(mapper.toProto(published.snapshot()))
                        .build()));
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system", "dispatcher", "service"})
    public Uni<GetHospitalCapacityResponse> getHospitalCapacity(GetHospitalCapacityRequest request) {
        return GrpcErrors.guarded(() -> reports.current(HospitalId.parse("hospital_id", request.getHospitalId()))
                .map(snapshot -> GetHospitalCapacityResponse.newBuilder().setCapacity(mapper.toProto(snapshot)).build()));
    }
}
