package org.renfort.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import io.quarkus.test.common.http.TestHTTPResource;
import org.renfort.testsupport.EventStreamClient;
import org.renfort.testsupport.TestTokens;

import java.net.URL;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.notNullValue;

/**
 * transfer-service unreachable (its client points at a port nobody listens on): the gateway stays
 * ready, capacity endpoints keep working, transfer endpoints answer 503 problem+json with a
 * Retry-After, and the downstream health group says which service is missing.
 */
@QuarkusTest
@TestProfile(OneServiceDownTest.TransferServiceDown.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OneServiceDownTest {
    public static class TransferServiceDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.grpc.clients.transfer.test-port", "1");
        }
    }

    private static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");

    @TestHTTPResource("/api/v1/")
    URL api;

    @Test
    void theGatewayStaysReadyAndServesWhatTheOtherServiceAnswers() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().auth().oauth2(COORDINATOR).when().get("/api/v1/hospitals/" + RegionFixtures.KNOWN + "/capacity")
                .then().statusCode(200);
        given().auth().oauth2(COORDINATOR).when().get("/api/v1/transfers")
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", equalTo("5"))
                .body("detail", notNullValue());
        given().auth().oauth2(COORDINATOR).when().get("/api/v1/hospitals/" + RegionFixtures.KNOWN + "/capacity")
                .then().statusCode(200);
        try (EventStreamClient live = EventStreamClient.open(api + "transports/events", COORDINATOR, null)) {
            assertEquals(503, live.status(), "a stream is not promised while its service is away");
            assertEquals("5", live.header("Retry-After"));
        }
        try (EventStreamClient live = EventStreamClient.open(api + "region/events", COORDINATOR, null)) {
            assertEquals(200, live.status(), "the other service's stream still opens");
        }
        given().when().get("/q/health/group/downstreams").then().statusCode(503)
                .body("checks.find { it.name == 'grpc-downstreams' }.data.'capacity-service'", equalTo("SERVING"));
    }
}
