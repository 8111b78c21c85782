package org.renfort.gateway;

import org.renfort.testsupport.standin.StandInCapacityService;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.renfort.testsupport.TestTokens;


import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class HospitalResourceTest {

    static String token(String role) {
        return TestTokens.user(role, role);
    }

    @Test
    void coordinatorReadsCapacityThroughTheGatewayWithItsOwnTokenPassedOn() {
        given().auth().oauth2(token("coordinator"))
                .when().get("/api/v1/hospitals/590000017/capacity")
                .then().statusCode(200)
                .body("hospitalId", equalTo("590000017"))
                .body("categories[0].beds.category", equalTo("ADULT_ICU"))
                .body("categories[0].beds.available", equalTo(3))
                .body("categories[0].freshness.source", equalTo("HOSPITAL_SYSTEM"));
    }

    @Test
    void unknownHospitalIsAProblem404() {
        given().auth().oauth2(token("coordinator"))
                .when().get("/api/v1/hospitals/599999999/capacity")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("599999999 not found"));
    }

    @Test
    void missingOrBadTokensAre401AndWrongRolesAre403() {
        given().when().get("/api/v1/hospitals/590000017/capacity")
                .then().statusCode(401).contentType("application/problem+json");
        for (String bad : new String[] {"not-a-token", TestTokens.expired(), TestTokens.wrongAudience(),
                TestTokens.signedByAnotherKey()}) {
            given().auth().oauth2(bad).when().get("/api/v1/hospitals/590000017/capacity")
                    .then().statusCode(401).contentType("application/problem+json");
        }
        given().auth().oauth2(token("unknown-role")).when().get("/api/v1/hospitals/590000017/capacity")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(token("dispatcher")).contentType("application/json")
                .header("Idempotency-Key", "k-000000001")
                .body("{\"reportedAt\":\"2024-02-11T05:40:00Z\",\"beds\":[]}")
                .when().put("/api/v1/hospitals/590000017/capacity")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void malformedReportsAre400ProblemsAndNeverReachTheService() {
        int before = StandInCapacityService.PUBLISHED.get();
        given().auth().oauth2(token("coordinator")).contentType("application/json")
                .header("Idempotency-Key", "k-000000002")
                .body("{\"reportedAt\":\"2024-02-11T05:40:00Z\",\"beds\":[{\"category\":\"SPACESHIP\"}]}")
                .when().put("/api/v1/hospitals/590000017/capacity")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("beds[0].category"));
        given().auth().oauth2(token("coordinator")).contentType("application/json")
                .header("Idempotency-Key", "k-000000003")
                .body("{\"reportedAt\": oops")
                .when().put("/api/v1/hospitals/590000017/capacity")
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(before, StandInCapacityService.PUBLISHED.get());
    }

    @Test
    void serviceRefusalsKeepTheirMeaning() {
        given().auth().oauth2(token("coordinator")).contentType("application/json")
                .body("{\"reportedAt\":\"2024-02-11T05:40:00Z\",\"beds\":[{\"category\":\"ADULT_ICU\",\"staffed\":3}]}")
                .when().put("/api/v1/hospitals/590000017/capacity")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("idempotency_key"));
    }

    @Test
    void healthMetricsAndOpenApiAreAnonymous() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/health/group/downstreams").then().statusCode(200)
                .body("checks.find { it.name == 'grpc-downstreams' }.status", equalTo("UP"));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/hospitals/{hospitalId}/capacity"))
                .body(containsString("/api/v1/transfers/{transferId}/transport"))
                .body(containsString("/api/v1/offers/{offerId}/answer"));
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
