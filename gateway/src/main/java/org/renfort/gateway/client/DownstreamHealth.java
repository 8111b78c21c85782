package org.renfort.gateway.client;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether both services answer the standard gRPC health check, at /q/health/group/downstreams,
 * for monitoring. Deliberately not part of readiness: with one service down the gateway still
 * serves everything the other one answers (calls to the missing one get 503 with Retry-After),
 * so taking the gateway out of rotation would only add an outage.
 */
@HealthGroup("downstreams")
@ApplicationScoped
public class DownstreamHealth implements AsyncHealthCheck {

    private final CapacityClient capacity;
    private final TransferClient transfer;

    DownstreamHealth(CapacityClient capacity, TransferClient transfer) {
        this.capacity = capacity;
        this.transfer = transfer;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.combine().all().unis(capacity.health(), transfer.health()).asTuple()
                .map(t -> HealthCheckResponse.named("grpc-downstreams")
                        .withData("capacity-service", t.getItem1())
                        .withData("transfer-service", t.getItem2())
                        .status(GrpcHealth.SERVING.equals(t.getItem1()) && GrpcHealth.SERVING.equals(t.getItem2()))
                        .build());
    }
}
