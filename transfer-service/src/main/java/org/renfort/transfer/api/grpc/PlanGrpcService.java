package org.renfort.transfer.api.grpc;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.kernel.Caller;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.Role;
import org.renfort.proto.plan.v1.ApprovePlanRequest;
import org.renfort.proto.plan.v1.ApprovePlanResponse;
import org.renfort.proto.plan.v1.GetPlanRequest;
import org.renfort.proto.plan.v1.GetPlanResponse;
import org.renfort.proto.plan.v1.PlanRedistributionRequest;
import org.renfort.proto.plan.v1.PlanRedistributionResponse;
import org.renfort.proto.plan.v1.PlanService;
import org.renfort.proto.plan.v1.WatchPlanRequest;
import org.renfort.proto.plan.v1.WatchPlanResponse;
import org.renfort.proto.plan.v1.WhenRefused;
import org.renfort.servicekit.CallerResolver;
import org.renfort.servicekit.GrpcErrors;
import org.renfort.servicekit.ProtoTime;
import org.renfort.transfer.application.PlanProgressWatch;
import org.renfort.transfer.application.RedistributionPlans;
import org.renfort.transfer.application.TransferFeeds;
import org.renfort.transfer.client.CapacityClient;

import java.time.Clock;

/** The gRPC edge of redistribution plans: coordinators only; maps, delegates. */
@GrpcService
public class PlanGrpcService implements PlanService {
    private final RedistributionPlans plans;
    private final PlanProgressWatch progress;
    private final PlanProtoMapper mapper;
    private final CallerResolver callers;
    private final SecurityIdentity identity;
    private final Clock clock;

    PlanGrpcService(RedistributionPlans plans, PlanProgressWatch progress, PlanProtoMapper mapper, CallerResolver callers,
                    SecurityIdentity identity, Clock clock) {
        this.clock = clock;
        this.plans = plans;
        this.progress = progress;
        this.mapper = mapper;
        this.callers = callers;
        this.identity = identity;
    }

    @Override
    @RolesAllowed(Role.Names.COORDINATOR)
    public Uni<PlanRedistributionResponse> planRedistribution(PlanRedistributionRequest request) {
        return GrpcErrors.guarded(() -> plans.plan(caller(), mapper.toDomain(request))
                        .map(view -> PlanRedistributionResponse.newBuilder().setPlan(mapper.toProto(view)).build()))
                .onFailure(CapacityClient::isUnavailable).transform(e -> Status.UNAVAILABLE
                        .withDescription("capacity-service unavailable: the regional picture cannot be read; try again")
                        .asRuntimeException());
    }

    @Override
    @RolesAllowed(Role.Names.COORDINATOR)
    public Uni<GetPlanResponse> getPlan(GetPlanRequest request) {
        return GrpcErrors.guarded(() -> plans.get(caller(), mapper.planId(request.getPlanId()))
                .map(view -> GetPlanResponse.newBuilder().setPlan(mapper.toProto(view)).build()));
    }

    @Override
    @RolesAllowed(Role.Names.COORDINATOR)
    public Uni<ApprovePlanResponse> approvePlan(ApprovePlanRequest request) {
        return GrpcErrors.guarded(() -> {
            if (request.getWhenRefusedValue() < 0 || request.getWhenRefusedValue() > WhenRefused.WHEN_REFUSED_WAIT_FOR_COORDINATOR_VALUE) {
                throw new InvalidArgumentException("when_refused", "must be one of the listed values");
            }
            boolean fallBack = request.getWhenRefused() != WhenRefused.WHEN_REFUSED_WAIT_FOR_COORDINATOR;
            return plans.approve(caller(), mapper.planId(request.getPlanId()), request.getGroupReferencesList(), fallBack,
                            new IdempotencyKey(request.getIdempotencyKey()))
                    .map(approved -> ApprovePlanResponse.newBuilder().setPlan(mapper.toProto(approved.plan()))
                            .setTransfersCreated(approved.transfersCreated()).build());
        });
    }

    @Override
    @RolesAllowed(Role.Names.COORDINATOR)
    public Multi<WatchPlanResponse> watchPlan(WatchPlanRequest request) {
        return Multi.createFrom().<WatchPlanResponse>emitter(emitter -> {
            try {
                TransferFeeds.Watch watch = progress.watch(caller(), mapper.planId(request.getPlanId()),
                        update -> {
                            var response = WatchPlanResponse.newBuilder()
                                    .setProgress(mapper.toProto(update.view().progress()))
                                    .setObservedAt(ProtoTime.timestamp(clock.instant()));
                            update.changed().forEach(a -> response.addChanged(mapper.toProto(update.view(), a)));
                            emitter.emit(response.build());
                        },
                        emitter::complete,
                        failure -> emitter.fail(GrpcErrors.toStatus(failure)));
                emitter.onTermination(watch::cancel);
            } catch (RuntimeException refused) {
                emitter.fail(GrpcErrors.toStatus(refused));
            }
        }, BackPressureStrategy.ERROR).onOverflow().buffer(TransferGrpcService.WATCH_BUFFER);
    }

    private Caller caller() {
        return callers.resolve(identity);
    }
}
