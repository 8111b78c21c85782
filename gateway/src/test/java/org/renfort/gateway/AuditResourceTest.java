package org.renfort.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.renfort.proto.audit.v1.AuditOutcome;
import org.renfort.testsupport.TestTokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class AuditResourceTest {

    @Test
    void theTrailsOfBothServicesAreMergedNewestFirstAndFiltersArePassedOn() {
        given().auth().oauth2(TestTokens.user("coordinator", "coordinator"))
                .queryParam("hospitalId", "590000017").queryParam("outcome", "DENIED").queryParam("limit", 3)
                .header("X-Request-Id", "audit-query-1")
                .when().get("/api/v1/audit")
                .then().statusCode(200)
                .header("X-Request-Id", "audit-query-1")
                .body("$", hasSize(3))
                .body("[0].subject", equalTo("coordinator"))
                .body("[0].detail", equalTo("on behalf of 590000017"))
                .body("[2].outcome", equalTo("DENIED"))
                // Four events from the two trails, three asked for: the next page starts after the third.
                .header("Link", equalTo("</api/v1/audit?hospitalId=590000017&outcome=DENIED&limit=3"
                        + "&pageToken=2024-02-11T05%3A40%3A00Z_00000000-0000-4000-8000-000000000001>; rel=\"next\""));
        assertEquals("590000017", StandInAuditService.LAST.get().getHospitalId());
        assertEquals(AuditOutcome.AUDIT_OUTCOME_DENIED, StandInAuditService.LAST.get().getOutcome());
        // The stand-in requires the coordinator role: the answer proves the caller's token was passed on.

        given().auth().oauth2(TestTokens.user("coordinator", "coordinator"))
                .queryParam("limit", 3).queryParam("pageToken", "2024-02-11T05:40:00Z_00000000-0000-4000-8000-000000000001")
                .when().get("/api/v1/audit").then().statusCode(200);
        assertEquals("2024-02-11T05:40:00Z_00000000-0000-4000-8000-000000000001", StandInAuditService.LAST.get().getPageToken(),
                "the cursor reaches both trails");
        given().auth().oauth2(TestTokens.user("coordinator", "coordinator")).queryParam("limit", 4)
                .when().get("/api/v1/audit").then().statusCode(200).body("$", hasSize(4)).header("Link", nullValue());
    }

    @Test
    void malformedFiltersAre400Problems() {
        given().auth().oauth2(TestTokens.user("coordinator", "coordinator")).queryParam("from", "yesterday")
                .when().get("/api/v1/audit")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("from"));
        given().auth().oauth2(TestTokens.user("coordinator", "coordinator")).queryParam("outcome", "MAYBE")
                .when().get("/api/v1/audit")
                .then().statusCode(400).body("detail", containsString("outcome"));
        given().auth().oauth2(TestTokens.user("coordinator", "coordinator")).queryParam("limit", 100000)
                .when().get("/api/v1/audit")
                .then().statusCode(400).body("detail", containsString("limit"));
    }

    @Test
    void everyAnswerCarriesARequestId() {
        String id = given().when().get("/api/v1/hospitals").then().statusCode(401).extract().header("X-Request-Id");
        org.junit.jupiter.api.Assertions.assertFalse(id == null || id.isBlank());
    }
}
