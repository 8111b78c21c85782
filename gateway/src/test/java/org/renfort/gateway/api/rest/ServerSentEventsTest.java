package org.renfort.gateway.api.rest;

import io.grpc.Status;
import io.smallrye.mutiny.Multi;
import org.junit.jupiter.api.Test;
import org.renfort.gateway.client.DownstreamAnswer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How a live stream resumes after Last-Event-ID, and which ids it accepts. */
class ServerSentEventsTest {
    /** A service stream: from 0 the whole state; from a position older than 10, refused as too old. */
    private static Multi<String> service(long after) {
        if (after == 0) {
            return Multi.createFrom().items("state", "live");
        }
        if (after < 10) {
            return Multi.createFrom().failure(DownstreamAnswer.classify(Status.FAILED_PRECONDITION
                    .withDescription("older than the changes kept").asRuntimeException()));
        }
        return Multi.createFrom().items("after " + after);
    }

    @Test
    void aResumeTheServiceStillKeepsContinuesRightAfterTheLastEvent() {
        assertEquals(List.of("after 12"), collect(ServerSentEvents.resumed(12, ServerSentEventsTest::service, "resync")));
    }

    @Test
    void aResumeTooOldStartsOverAfterTellingTheClientOrWithoutWhenTheStartRestatesEverything() {
        assertEquals(List.of("resync", "state", "live"), collect(ServerSentEvents.resumed(3, ServerSentEventsTest::service, "resync")));
        assertEquals(List.of("state", "live"), collect(ServerSentEvents.resumed(3, ServerSentEventsTest::service, null)));
    }

    @Test
    void anyOtherFailureOfTheServiceEndsTheStreamForTheClientToReconnect() {
        AtomicInteger opened = new AtomicInteger();
        Multi<String> resumed = ServerSentEvents.resumed(12, after -> {
            opened.incrementAndGet();
            return Multi.createFrom().failure(Status.UNAVAILABLE.asRuntimeException());
        }, "resync");
        assertThrows(RuntimeException.class, () -> collect(resumed));
        assertEquals(1, opened.get(), "not reopened from the start: the client resumes from its last event");
    }

    @Test
    void lastEventIdMustBeAPositionOrAbsent() {
        assertEquals(0, ServerSentEvents.position(null));
        assertEquals(0, ServerSentEvents.position(" "));
        assertEquals(42, ServerSentEvents.position("42"));
        for (String bad : List.of("-1", "4 2", "x", "12345678901234567890", "4.2")) {
            assertThrows(InvalidInput.class, () -> ServerSentEvents.position(bad), bad);
        }
    }

    private static List<String> collect(Multi<String> stream) {
        return stream.collect().asList().await().atMost(Duration.ofSeconds(5));
    }
}
