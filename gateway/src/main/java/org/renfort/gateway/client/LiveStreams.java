package org.renfort.gateway.client;

import io.grpc.Metadata;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.RegisterClientInterceptor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.renfort.proto.capacity.v1.MutinyCapacityServiceGrpc.MutinyCapacityServiceStub;
import org.renfort.proto.capacity.v1.WatchRegionRequest;
import org.renfort.proto.capacity.v1.WatchRegionResponse;
import org.renfort.proto.plan.v1.MutinyPlanServiceGrpc.MutinyPlanServiceStub;
import org.renfort.proto.plan.v1.WatchPlanRequest;
import org.renfort.proto.plan.v1.WatchPlanResponse;
import org.renfort.proto.transfer.v1.MutinyTransferServiceGrpc.MutinyTransferServiceStub;
import org.renfort.proto.transfer.v1.WatchOffersRequest;
import org.renfort.proto.transfer.v1.WatchOffersResponse;
import org.renfort.proto.transfer.v1.WatchTransportsRequest;
import org.renfort.proto.transfer.v1.WatchTransportsResponse;

/**
 * The services' gRPC streams, opened for one REST caller. Kept apart from {@link CapacityClient}
 * and {@link TransferClient} because a stream is not a request: it has no deadline, is not
 * retried, and counts in no breaker (it ends when the service goes away, and the REST client
 * reconnects from its last event). Its events flow after the HTTP request has returned, so the
 * caller's token is captured when the stream opens ({@link #caller()}) and sent by {@link StreamCaller}.
 */
@ApplicationScoped
public class LiveStreams {
    @GrpcClient("capacity")
    @RegisterClientInterceptor(OutgoingRequestRules.class)
    @RegisterClientInterceptor(StreamCaller.class)
    MutinyCapacityServiceStub capacity;

    @GrpcClient("transfer")
    @RegisterClientInterceptor(OutgoingRequestRules.class)
    @RegisterClientInterceptor(StreamCaller.class)
    MutinyTransferServiceStub transfer;

    @GrpcClient("transfer")
    @RegisterClientInterceptor(OutgoingRequestRules.class)
    @RegisterClientInterceptor(StreamCaller.class)
    MutinyPlanServiceStub plan;

    @Inject
    CallerContextPropagation propagation;

    private final RecentHealth capacityHealth = new RecentHealth(() -> GrpcHealth.check(capacity.getChannel()));
    private final RecentHealth transferHealth = new RecentHealth(() -> GrpcHealth.check(transfer.getChannel()));

    /** The current REST caller, to open streams on its behalf; call it while handling the request. */
    public Metadata caller() {
        return propagation.currentCaller();
    }

    /** Capacity-service is serving: checked before a region stream is promised (503 otherwise). */
    public Uni<Boolean> capacityServing() {
        return capacityHealth.serving();
    }

    /** Transfer-service is serving. */
    public Uni<Boolean> transferServing() {
        return transferHealth.serving();
    }

    public Multi<WatchRegionResponse> region(Metadata caller, long afterPosition) {
        return capacity.withOption(StreamCaller.CALLER, caller)
                .watchRegion(WatchRegionRequest.newBuilder().setAfterPosition(afterPosition).build())
                .onFailure().transform(DownstreamAnswer::classify);
    }

    public Multi<WatchOffersResponse> offers(Metadata caller, String hospitalId, long afterPosition) {
        return transfer.withOption(StreamCaller.CALLER, caller)
                .watchOffers(WatchOffersRequest.newBuilder().setHospitalId(hospitalId).setAfterPosition(afterPosition).build())
                .onFailure().transform(DownstreamAnswer::classify);
    }

    public Multi<WatchTransportsResponse> transports(Metadata caller, long afterPosition) {
        return transfer.withOption(StreamCaller.CALLER, caller)
                .watchTransports(WatchTransportsRequest.newBuilder().setAfterPosition(afterPosition).build())
                .onFailure().transform(DownstreamAnswer::classify);
    }

    public Multi<WatchPlanResponse> plan(Metadata caller, String planId) {
        return plan.withOption(StreamCaller.CALLER, caller)
                .watchPlan(WatchPlanRequest.newBuilder().setPlanId(planId).build())
                .onFailure().transform(DownstreamAnswer::classify);
    }
}
