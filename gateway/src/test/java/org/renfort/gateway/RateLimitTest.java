package org.renfort.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.renfort.testsupport.TestTokens;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-caller rate limits with tiny buckets (3 reads, 2 writes, then one a second): the caller
 * over its limit gets 429 problem+json with Retry-After and nothing reaches the services; other
 * callers, and the same caller's other kind of call, go on.
 */
@QuarkusTest
@TestProfile(RateLimitTest.TinyBuckets.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class RateLimitTest {
    public static class TinyBuckets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // %test.: application.properties lifts the limits for the other tests under that profile name.
            return Map.of("%test.renfort.gateway.rate-limit.reads-per-second", "1", "%test.renfort.gateway.rate-limit.read-burst", "3",
                    "%test.renfort.gateway.rate-limit.writes-per-second", "1", "%test.renfort.gateway.rate-limit.write-burst", "2");
        }
    }

    @Test
    void aCallerOverItsLimitIsToldWhenToComeBackWhileOthersGoOn() {
        String eager = TestTokens.user("eager-coordinator", "coordinator");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(eager).when().get("/api/v1/region/summary").then().statusCode(200);
        }
        given().auth().oauth2(eager).when().get("/api/v1/region/summary")
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", equalTo("1"))
                .body("status", equalTo(429))
                .body("detail", containsString("too many reads from this caller"));
        // Its writes have a bucket of their own (the report reaches the stand-in service: 200).
        given().auth().oauth2(eager).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"reportedAt\":\"" + Instant.now() + "\",\"beds\":[{\"category\":\"ADULT_ICU\",\"staffed\":3}]}")
                .when().put("/api/v1/hospitals/" + RegionFixtures.KNOWN + "/capacity").then().statusCode(200);
        // Another caller is not slowed down by the first.
        given().auth().oauth2(TestTokens.user("calm-coordinator", "coordinator")).when().get("/api/v1/region/summary")
                .then().statusCode(200);
        String metrics = given().when().get("/q/metrics").asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("renfort_rate_limited_total{kind=\"read\"") && !l.endsWith(" 0.0")),
                "the refusal is counted");
    }

    @Test
    void anonymousCallsAreCountedAgainstTheirAddressAndBadTokensRefusedFirst() {
        int refused = 0;
        for (int i = 0; i < 6; i++) {
            int status = given().when().get("/dashboard/config.json").statusCode();
            assertTrue(status == 200 || status == 429, "status " + status);
            refused += status == 429 ? 1 : 0;
        }
        assertTrue(refused >= 2, "the public endpoint is limited per address: " + refused + " of 6 refused");
        // A token that does not verify is answered 401 by the security check, before any bucket.
        for (int i = 0; i < 6; i++) {
            assertEquals(401, given().auth().oauth2("not-a-token").when().get("/api/v1/hospitals").statusCode());
        }
        assertEquals(200, given().auth().oauth2(TestTokens.user("coordinator", "coordinator"))
                .when().get("/api/v1/hospitals").statusCode(), "a caller with a token has its own bucket");
    }
}
