package org.renfort.gateway.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A service's health as the live endpoints ask it before promising a stream: a crowd of clients
 * opening streams at once (a gateway restart, a dashboard reload across a crisis cell) shares
 * one call in flight, and a serving answer is reused for a second; a service not serving is asked
 * again by the next client, so a recovered service is seen at once.
 */
final class RecentHealth {
    private static final Duration REUSED_FOR = Duration.ofSeconds(1);

    private final Uni<String> shared;
    private volatile boolean asking;
    private volatile boolean serving;
    private volatile long answeredAt;

    RecentHealth(Supplier<Uni<String>> check) {
        this.shared = Uni.createFrom().deferred(() -> {
                    asking = true;
                    return check.get();
                })
                .invoke(status -> {
                    serving = GrpcHealth.SERVING.equals(status);
                    answeredAt = System.nanoTime();
                    asking = false;
                })
                .memoize().until(() -> !asking && (!serving || System.nanoTime() - answeredAt > REUSED_FOR.toNanos()));
    }

    /** True when serving; UNAVAILABLE (503 at the edge) otherwise. */
    Uni<Boolean> serving() {
        return shared.map(status -> {
            if (!GrpcHealth.SERVING.equals(status)) {
                throw new StatusRuntimeException(Status.UNAVAILABLE);
            }
            return Boolean.TRUE;
        });
    }
}
