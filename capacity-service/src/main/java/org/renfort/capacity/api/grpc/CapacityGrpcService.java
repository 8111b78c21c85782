package org.renfort.capacity.api.grpc;

import org.renfort.capacity.domain.HistoryPoint;
import org.renfort.servicekit.CallerResolver;
import org.renfort.servicekit.GrpcErrors;

import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.kernel.Role;
import org.renfort.capacity.application.CapacityReports;
import org.renfort.capacity.application.BedHolds;
import org.renfort.capacity.application.HospitalRegistry;
import org.renfort.capacity.application.RegionQueries;
import org.renfort.kernel.DomainException;
import org.renfort.kernel.HospitalId;
import org.renfort.proto.capacity.v1.CapacityService;
import org.renfort.proto.capacity.v1.ConsumeHoldRequest;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.FindBedsResponse;
import org.renfort.proto.capacity.v1.GetCapacityHistoryRequest;
import org.renfort.proto.capacity.v1.GetCapacityHistoryResponse;
import org.renfort.proto.capacity.v1.ListOverdueHospitalsRequest;
import org.renfort.proto.capacity.v1.ListOverdueHospitalsResponse;
import org.renfort.proto.capacity.v1.ConsumeHoldResponse;
import org.renfort.proto.capacity.v1.ExtendHoldRequest;
import org.renfort.proto.capacity.v1.ExtendHoldResponse;
import org.renfort.proto.capacity.v1.ExtendHoldsRequest;
import org.renfort.proto.capacity.v1.ExtendHoldsResponse;
import org.renfort.proto.capacity.v1.GetRegionSnapshotRequest;
import org.renfort.proto.capacity.v1.GetRegionSnapshotResponse;
import org.renfort.proto.capacity.v1.PlaceHoldRequest;
import org.renfort.proto.capacity.v1.PlaceHoldResponse;
import org.renfort.proto.capacity.v1.PlaceHoldsRequest;
import org.renfort.proto.capacity.v1.PlaceHoldsResponse;
import org.renfort.proto.capacity.v1.ReleaseHoldRequest;
import org.renfort.proto.capacity.v1.RetireHospitalRequest;
import org.renfort.proto.capacity.v1.RetireHospitalResponse;
import org.renfort.proto.capacity.v1.UpdateHospitalRequest;
import org.renfort.proto.capacity.v1.UpdateHospitalResponse;
import org.renfort.proto.capacity.v1.ReleaseHoldResponse;
import org.renfort.proto.capacity.v1.WatchRegionRequest;
import org.renfort.proto.capacity.v1.WatchRegionResponse;
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

    /** A watcher that cannot keep up is cut off (it resumes from its last position) rather than buffered forever. */
    static final int WATCH_BUFFER = 10_000;

    private final HospitalRegistry registry;
    private final CapacityReports reports;
    private final BedHolds holds;
    private final RegionQueries queries;
    private final CapacityProtoMapper mapper;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    CapacityGrpcService(HospitalRegistry registry, CapacityReports reports, BedHolds holds,
                        RegionQueries queries, CapacityProtoMapper mapper, CallerResolver callers,
                        SecurityIdentity identity) {
        this.queries = queries;
        this.registry = registry;
        this.reports = reports;
        this.holds = holds;
        this.mapper = mapper;
        this.callers = callers;
        this.identity = identity;
    }

    @Override
    @RolesAllowed(Role.Names.COORDINATOR)
    public Uni<CreateHospitalResponse> createHospital(CreateHospitalRequest request) {
        return GrpcErrors.guarded(() -> registry.create(callers.resolve(identity), mapper.toDomain(request.getHospital()),
                        mapper.idempotencyKey(request.getIdempotencyKey()))
                .map(h -> CreateHospitalResponse.newBuilder().setHospital(mapper.toProto(h)).build()));
    }

    @Override
    @RolesAllowed(Role.Names.COORDINATOR)
    public Uni<UpdateHospitalResponse> updateHospital(UpdateHospitalRequest request) {
        return GrpcErrors.guarded(() -> registry.update(callers.resolve(identity), mapper.toDomain(request.getHospital()),
                        mapper.idempotencyKey(request.getIdempotencyKey()))
                .map(h -> UpdateHospitalResponse.newBuilder().setHospital(mapper.toProto(h)).build()));
    }

    @Override
    @RolesAllowed(Role.Names.COORDINATOR)
    public Uni<RetireHospitalResponse> retireHospital(RetireHospitalRequest request) {
        return GrpcErrors.guarded(() -> registry.retire(callers.resolve(identity),
                        HospitalId.parse("hospital_id", request.getHospitalId()), request.getReason(),
                        mapper.idempotencyKey(request.getIdempotencyKey()))
                .map(h -> RetireHospitalResponse.newBuilder().setHospital(mapper.toProto(h)).build()));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<GetHospitalResponse> getHospital(GetHospitalRequest request) {
        return GrpcErrors.guarded(() -> registry.get(HospitalId.parse("hospital_id", request.getHospitalId()))
                .map(h -> GetHospitalResponse.newBuilder().setHospital(mapper.toProto(h)).build()));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<ListHospitalsResponse> listHospitals(ListHospitalsRequest request) {
        Optional<String> department = request.getDepartment().isBlank() ? Optional.empty() : Optional.of(request.getDepartment());
        return GrpcErrors.guarded(() -> {
            Optional<HospitalId> after = request.getPageToken().isEmpty() ? Optional.empty()
                    : Optional.of(HospitalId.parse("page_token", request.getPageToken()));
            int pageSize = request.getPageSize();
            return registry.list(department, request.getIncludeRetired(), after, pageSize).map(list -> {
                var response = ListHospitalsResponse.newBuilder().addAllHospitals(list.stream().map(mapper::toProto).toList());
                if (pageSize > 0 && list.size() == pageSize) {
                    response.setNextPageToken(list.get(list.size() - 1).id().value());
                }
                return response.build();
            });
        });
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM})
    public Uni<PublishCapacityResponse> publishCapacity(PublishCapacityRequest request) {
        return GrpcErrors.guarded(() -> reports.publish(callers.resolve(identity), mapper.toDomain(request))
                .map(published -> PublishCapacityResponse.newBuilder()
                        .setReportId(published.report().reportId().toString())
                        .setSource(mapper.toProto(published.report().source()))
                        .setCapacity(mapper.toProto(published.snapshot()))
                        .build()));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<GetHospitalCapacityResponse> getHospitalCapacity(GetHospitalCapacityRequest request) {
        return GrpcErrors.guarded(() -> reports.current(HospitalId.parse("hospital_id", request.getHospitalId()))
                .map(snapshot -> GetHospitalCapacityResponse.newBuilder().setCapacity(mapper.toProto(snapshot)).build()));
    }

    @Override
    @RolesAllowed({Role.Names.SERVICE, Role.Names.COORDINATOR})
    public Uni<PlaceHoldResponse> placeHold(PlaceHoldRequest request) {
        return GrpcErrors.guarded(() -> holds.place(callers.resolve(identity), mapper.toDomain(request)).map(mapper::toProto));
    }

    @Override
    @RolesAllowed({Role.Names.SERVICE, Role.Names.COORDINATOR})
    public Uni<PlaceHoldsResponse> placeHolds(PlaceHoldsRequest request) {
        return GrpcErrors.guarded(() -> holds.placeAll(callers.resolve(identity), mapper.toDomain(request))
                .map(outcomes -> PlaceHoldsResponse.newBuilder()
                        .addAllOutcomes(outcomes.stream().map(mapper::toProto).toList()).build()));
    }

    @Override
    @RolesAllowed({Role.Names.SERVICE, Role.Names.COORDINATOR})
    public Uni<ReleaseHoldResponse> releaseHold(ReleaseHoldRequest request) {
        return GrpcErrors.guarded(() -> holds.release(callers.resolve(identity), mapper.holdId(request.getHoldId()))
                .map(h -> ReleaseHoldResponse.newBuilder().setHold(mapper.toProto(h)).build()));
    }

    @Override
    @RolesAllowed({Role.Names.SERVICE, Role.Names.COORDINATOR})
    public Uni<ConsumeHoldResponse> consumeHold(ConsumeHoldRequest request) {
        return GrpcErrors.guarded(() -> holds.consume(callers.resolve(identity), mapper.holdId(request.getHoldId()))
                .map(h -> ConsumeHoldResponse.newBuilder().setHold(mapper.toProto(h)).build()));
    }

    @Override
    @RolesAllowed({Role.Names.SERVICE, Role.Names.COORDINATOR})
    public Uni<ExtendHoldResponse> extendHold(ExtendHoldRequest request) {
        return GrpcErrors.guarded(() -> holds.extend(callers.resolve(identity), mapper.holdId(request.getHoldId()),
                        mapper.requiredInstant("expires_at", request.hasExpiresAt(), request.getExpiresAt()))
                .map(h -> ExtendHoldResponse.newBuilder().setHold(mapper.toProto(h)).build()));
    }

    @Override
    @RolesAllowed({Role.Names.SERVICE, Role.Names.COORDINATOR})
    public Uni<ExtendHoldsResponse> extendHolds(ExtendHoldsRequest request) {
        return GrpcErrors.guarded(() -> holds.extendAll(callers.resolve(identity), mapper.toDomain(request))
                .map(outcomes -> ExtendHoldsResponse.newBuilder()
                        .addAllOutcomes(outcomes.stream().map(mapper::toProto).toList()).build()));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<GetRegionSnapshotResponse> getRegionSnapshot(GetRegionSnapshotRequest request) {
        return Uni.createFrom().item(() -> mapper.toProto(queries.snapshot()));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Multi<WatchRegionResponse> watchRegion(WatchRegionRequest request) {
        return Multi.createFrom().<WatchRegionResponse>emitter(emitter -> {
            try {
                Runnable stop = queries.watch(request.getAfterPosition(),
                        picture -> emitter.emit(WatchRegionResponse.newBuilder().setSnapshot(mapper.toProto(picture)).build()),
                        change -> emitter.emit(WatchRegionResponse.newBuilder().setChange(mapper.toProto(change)).build()));
                emitter.onTermination(stop);
            } catch (DomainException refused) {
                emitter.fail(GrpcErrors.toStatus(refused));
            }
        }, BackPressureStrategy.ERROR).onOverflow().buffer(WATCH_BUFFER);
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<FindBedsResponse> findBeds(FindBedsRequest request) {
        return GrpcErrors.guarded(() -> Uni.createFrom().item(
                mapper.toProto(queries.findBeds(mapper.toDomain(request, queries::locationOf)))));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<ListOverdueHospitalsResponse> listOverdueHospitals(ListOverdueHospitalsRequest request) {
        return Uni.createFrom().item(() -> mapper.toProto(queries.overdue()));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    public Uni<GetCapacityHistoryResponse> getCapacityHistory(GetCapacityHistoryRequest request) {
        // An answer is never cut silently: a full page, the default one included, says where the next starts.
        int pageSize = request.getPageSize() == 0 ? CapacityReports.HISTORY_LIMIT : request.getPageSize();
        return GrpcErrors.guarded(() -> reports.history(HospitalId.parse("hospital_id", request.getHospitalId()),
                        mapper.optionalInstant(request.hasFrom(), request.getFrom(), "from"),
                        mapper.optionalInstant(request.hasTo(), request.getTo(), "to"),
                        mapper.optionalCategory(request.getCategory()),
                        request.getPageToken().isEmpty() ? Optional.empty() : Optional.of(HistoryPoint.Cursor.parse(request.getPageToken())),
                        pageSize)
                .map(points -> {
                    var response = mapper.toProto(points).toBuilder();
                    if (points.size() == pageSize) {
                        response.setNextPageToken(points.get(points.size() - 1).cursor().token());
                    }
                    return response.build();
                }));
    }
}
