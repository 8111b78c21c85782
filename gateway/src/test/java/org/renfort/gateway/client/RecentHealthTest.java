package org.renfort.gateway.client;

import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentHealthTest {
    @Test
    void aCrowdSharesOneCallInFlightAndAServingAnswerIsReused() {
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<UniEmitter<? super String>> pending = new AtomicReference<>();
        RecentHealth health = new RecentHealth(() -> Uni.createFrom().emitter(e -> {
            calls.incrementAndGet();
            pending.set(e);
        }));
        List<Uni<Boolean>> crowd = new ArrayList<>();
        List<Boolean> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Uni<Boolean> asked = health.serving();
            crowd.add(asked);
            asked.subscribe().with(answers::add);
        }
        assertEquals(1, calls.get(), "one call for the whole crowd");
        pending.get().complete(GrpcHealth.SERVING);
        assertEquals(50, answers.size());
        assertTrue(health.serving().await().atMost(Duration.ofSeconds(1)));
        assertEquals(1, calls.get(), "a serving answer is reused");
    }

    @Test
    void aServiceNotServingIsAskedAgainByTheNextClient() {
        AtomicInteger calls = new AtomicInteger();
        RecentHealth health = new RecentHealth(() -> Uni.createFrom().item(() -> calls.incrementAndGet() == 1 ? "DOWN" : GrpcHealth.SERVING));
        assertThrows(StatusRuntimeException.class, () -> health.serving().await().atMost(Duration.ofSeconds(1)));
        assertTrue(health.serving().await().atMost(Duration.ofSeconds(1)), "seen serving as soon as it is");
        assertEquals(2, calls.get());
    }
}
