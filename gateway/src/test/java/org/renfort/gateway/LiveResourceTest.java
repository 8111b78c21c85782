package org.renfort.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.renfort.testsupport.EventStreamClient;
import org.renfort.testsupport.TestTokens;
import org.renfort.testsupport.standin.StandInCapacityService;

import java.net.URL;
import java.time.Duration;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the gateway decides on the live endpoints, against the stand-in capacity-service's
 * stream: events carry their position as id, heartbeats flow, the stream ends with the token,
 * and a stream is refused with a problem before it is promised. Resuming without gap against the
 * real services is in the end-to-end suite.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class LiveResourceTest {
    static final String DISPATCHER = TestTokens.user("dispatcher", "dispatcher");

    @TestHTTPResource("/api/v1/")
    URL api;

    @Test
    void aCapacityChangeReachesTheRegionStreamWithItsPositionAsIdAndHeartbeatsKeepItAlive() {
        long before = StandInCapacityService.POSITION.get();
        try (EventStreamClient stream = EventStreamClient.open(api + "region/events", DISPATCHER, null)) {
            assertEquals(200, stream.status());
            assertThat(stream.header("content-type"), containsString("text/event-stream"));
            // The stand-in broadcasts without replay: announce until the gateway's upstream call is in.
            EventStreamClient.Event change = null;
            for (int attempt = 0; attempt < 25 && change == null; attempt++) {
                StandInCapacityService.announceReport(RegionFixtures.LILLE);
                change = stream.next(Duration.ofMillis(200));
            }
            assertNotNull(change, "a change within 5 s");
            assertEquals("change", change.name());
            assertTrue(Long.parseLong(change.id()) > before, change.id());
            assertThat(change.data(), containsString("\"hospitalId\":\"" + RegionFixtures.LILLE + "\""));
            assertThat(change.data(), containsString("\"kind\":\"CAPACITY_REPORTED\""));
            assertThat(change.data(), containsString("\"position\":" + change.id() + ","));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (stream.comments() < 3 && System.nanoTime() < deadline) {
                stream.next(Duration.ofMillis(200));
            }
            assertTrue(stream.comments() >= 3, "the opening comment and heartbeats every second: " + stream.comments());
        } finally {
            StandInCapacityService.POSITION.set(before);
        }
    }

    @Test
    void theStreamEndsWhenTheCallersTokenExpires() {
        try (EventStreamClient stream = EventStreamClient.open(api + "region/events",
                TestTokens.expiringIn(3, "dispatcher", "dispatcher"), null)) {
            assertEquals(200, stream.status());
            assertFalse(stream.endsWithin(Duration.ofSeconds(1)), "open while the token is valid");
            assertTrue(stream.endsWithin(Duration.ofSeconds(8)), "closed once it expired");
        }
    }

    @Test
    void aStreamIsRefusedWithAProblemBeforeAnythingIsPromised() {
        try (EventStreamClient stream = EventStreamClient.open(api + "region/events", DISPATCHER, "yesterday")) {
            assertEquals(400, stream.status());
            assertThat(stream.header("content-type"), containsString("application/problem+json"));
            assertThat(stream.body(), containsString("Last-Event-ID"));
        }
        try (EventStreamClient stream = EventStreamClient.open(api + "transports/events",
                TestTokens.hospital("staff-lille", "hospital-staff", RegionFixtures.LILLE), null)) {
            assertEquals(403, stream.status());
        }
        try (EventStreamClient stream = EventStreamClient.open(api + "region/events", TestTokens.expired(), null)) {
            assertEquals(401, stream.status());
        }
    }
}
