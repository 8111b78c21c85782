package org.renfort.gateway.client;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The gateway is ready only when both services answer the standard gRPC health check. */
@Readiness
@ApplicationScoped
public class DownstreamReadiness implements AsyncHealthCheck {

    private final CapacityClient capacity;
    private final TransferClient transfer;

    DownstreamReadiness(CapacityClient capacity, TransferClient transfer) {
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
