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
 * What the gateway itself decides on the plan endpoints: malformed input is refused with a
 * problem naming the field before anything reaches transfer-service. Planning, approval and
 * progress through the real services are in the end-to-end suite.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class PlanResourceTest {
    static final String REQUEST = """
            {"groups":[{"reference":"icu","origin":{"hospitalId":"590000017"},"count":12,"bedCategory":"ADULT_ICU",
             "acuity":"URGENT","ageBand":"ADULT","maxTravelMinutes":90}],
             "rules":{"usablePercent":80,"substitutions":[{"needed":"MEDICINE","used":"SURGERY","penaltyMinutes":30}]}}""";
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");

    @Test
    void malformedPlanRequestsAreRefusedNamingTheField() {
        post("/api/v1/plans", REQUEST.replace("\"ADULT_ICU\"", "\"ROOFTOP\""), "groups[0].bedCategory");
        post("/api/v1/plans", REQUEST.replace("\"count\":12", "\"count\":0"), "count");
        post("/api/v1/plans", REQUEST.replace("\"count\":12", "\"count\":5001"), "count");
        post("/api/v1/plans", REQUEST.replace("\"usablePercent\":80", "\"usablePercent\":150"), "usablePercent");
        post("/api/v1/plans", REQUEST.replace("\"used\":\"SURGERY\"", "\"used\":\"GARAGE\""), "rules.substitutions[0].used");
        post("/api/v1/plans", REQUEST.replace("{\"hospitalId\":\"590000017\"}", "{}"), "groups[0].origin");
        post("/api/v1/plans", REQUEST.replace("\"rules\":{", "\"rules\":{\"staleHospitals\":\"SOMETIMES\","), "rules.staleHospitals");
        post("/api/v1/plans", "", "body");
    }

    @Test
    void malformedApprovalsAreRefusedNamingTheField() {
        post("/api/v1/plans/" + UUID.randomUUID() + "/approval", "{\"whenRefused\":\"PANIC\"}", "whenRefused");
    }

    private static void post(String path, String body, String field) {
        given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).when().post(path)
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString(field));
    }
}
