package org.renfort.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.renfort.testsupport.TestTokens;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * What the gateway itself decides on the transfer endpoints: malformed input is refused with a
 * problem naming the field before anything reaches transfer-service. The full flow through the
 * real transfer-service is in the end-to-end suite.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class TransferResourceTest {
    static final String REQUEST = """
            {"origin":{"hospitalId":"590000017"},"patientReference":"ARM-7f3a9c","ageBand":"ADULT",
             "bedCategory":"ADULT_ICU","acuity":"URGENT","maxTravelMinutes":60,"clinicalNote":"ventilated"}""";
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");

    @Test
    void malformedRequestsAreRefusedNamingTheField() {
        post("/api/v1/transfers", REQUEST.replace("ADULT_ICU", "ROOFTOP"), "bedCategory");
        post("/api/v1/transfers", REQUEST.replace("\"URGENT\"", "\"WHENEVER\""), "acuity");
        post("/api/v1/transfers", REQUEST.replace("{\"hospitalId\":\"590000017\"}", "{}"), "origin");
        post("/api/v1/transfers", "", "body");
    }

    @Test
    void malformedAnswersAndTransportStepsAreRefusedNamingTheField() {
        post("/api/v1/offers/" + UUID.randomUUID() + "/answer", "{\"answer\":\"MAYBE\"}", "answer");
        post("/api/v1/offers/" + UUID.randomUUID() + "/answer", "{\"answer\":\"DECLINE\"}", "declineReason");
        post("/api/v1/offers/" + UUID.randomUUID() + "/answer", "{\"answer\":\"DEFER\"}", "availableFrom");
        post("/api/v1/transfers/" + UUID.randomUUID() + "/transport", "{\"step\":\"FLY\"}", "step");
        post("/api/v1/transfers/" + UUID.randomUUID() + "/transport", "{\"step\":\"ASSIGN\",\"crewType\":\"BICYCLE\"}", "crewType");
        post("/api/v1/transfers/" + UUID.randomUUID() + "/transport", "{\"step\":\"PROGRESS\"}", "estimatedArrival");
        post("/api/v1/transfers/" + UUID.randomUUID() + "/transport",
                "{\"step\":\"PROGRESS\",\"position\":{\"latitude\":95,\"longitude\":3}}", "latitude");
        post("/api/v1/transfers/" + UUID.randomUUID() + "/transport",
                "{\"step\":\"PROGRESS\",\"position\":{\"latitude\":50.6}}", "longitude");
        given().auth().oauth2(COORDINATOR).queryParam("status", "LOST").when().get("/api/v1/transfers")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("status"));
        given().auth().oauth2(COORDINATOR).queryParam("status", "MAYBE").when().get("/api/v1/offers")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("status"));
        given().auth().oauth2(COORDINATOR).queryParam("pageSize", "501").when().get("/api/v1/offers")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("pageSize"));
    }

    private static void post(String path, String body, String field) {
        given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).when().post(path)
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString(field));
    }
}
