package org.renfort.gateway.client;

import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import grpc.health.v1.MutinyHealthGrpc;
import io.grpc.Channel;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Asks a service's standard grpc.health.v1 endpoint whether it serves. */
final class GrpcHealth {
    static final String SERVING = ServingStatus.SERVING.name();

    private GrpcHealth() {
    }

    static Uni<String> check(Channel channel) {
        return MutinyHealthGrpc.newMutinyStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance())
                .map(r -> r.getStatus().name())
                .onFailure().recoverWithItem(failure -> "DOWN")
                .ifNoItem().after(Duration.ofSeconds(2)).recoverWithItem("DOWN");
    }
}
