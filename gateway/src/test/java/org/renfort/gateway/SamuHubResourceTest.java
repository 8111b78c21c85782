package org.renfort.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.renfort.gateway.api.rest.SamuHubResource;
import org.renfort.testsupport.Standards;
import org.renfort.testsupport.TestTokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * What the gateway decides on the SAMU hub endpoint before anything reaches transfer-service: a
 * message that breaks the hub's schema or lacks what a bed needs is refused naming the path. The
 * round trip through the real transfer-service is in the end-to-end suite.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class SamuHubResourceTest {
    static final String DISPATCHER = TestTokens.user("dispatcher-samu59", "dispatcher");

    @Test
    void aMessageThatBreaksTheHubsSchemaIsRefusedNamingTheInstanceAndSchemaPaths() {
        post(SamuHubResource.EXAMPLE_REQUEST.replace("\"TIH\"", "\"TAXI\""))
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", allOf(containsString("/resourcesRequest/request/purpose"),
                        containsString("#/definitions/request/properties/purpose/enum")));
        post(SamuHubResource.EXAMPLE_REQUEST.replace("\"datetime\":\"2026-12-06T09:15:00+01:00\"", "\"datetime\":\"hier\""))
                .then().statusCode(400).body("detail", allOf(containsString("/resourcesRequest/request/datetime"), not(containsString("hier"))));
        post("{\"caseId\":\"fr.health.samu590.DRFR1\"}")
                .then().statusCode(400).body("detail", containsString("body: must be one RS-DR message"));
        post("[1,2]").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aRequestWithoutTheBedItNeedsIsRefusedNamingTheParameter() {
        given().auth().oauth2(DISPATCHER).contentType("application/json").queryParam("ageBand", "ADULT")
                .queryParam("originLatitude", 50.69).queryParam("originLongitude", 2.88)
                .body(SamuHubResource.EXAMPLE_REQUEST).when().post("/api/v1/interop/samu/rs-dr")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("bedCategory"));
        given().auth().oauth2(DISPATCHER).contentType("application/json").queryParam("bedCategory", "ADULT_ICU").queryParam("ageBand", "ADULT")
                .body(SamuHubResource.EXAMPLE_REQUEST).when().post("/api/v1/interop/samu/rs-dr")
                .then().statusCode(400).body("detail", containsString("originHospitalId"));
        post(SamuHubResource.EXAMPLE_REQUEST, spec -> spec.queryParam("patients", 21))
                .then().statusCode(400).body("detail", containsString("patients"));
    }

    @Test
    void aPurposeThatIsNotABedIsAnsweredRefuseeAndStoresNothing() throws Exception {
        // transfer-service is not running here: an answer proves that nothing was asked of it.
        String answer = post(SamuHubResource.EXAMPLE_REQUEST.replace("\"TIH\"", "\"CUMP\""))
                .then().statusCode(200).contentType("application/json")
                .body("resourcesResponse.response.answer", equalTo("REFUSEE"))
                .body("resourcesResponse.requestId", equalTo("fr.health.samu590.request.tih-2024-0042"))
                .extract().asString();
        if (Standards.find("hubsante/RS-RR.schema.json").isPresent()) {
            Standards.validJson("hubsante/RS-RR.schema.json",
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer).get("resourcesResponse").toString());
        }
    }

    private static io.restassured.response.Response post(String body) {
        return post(body, spec -> spec);
    }

    private static io.restassured.response.Response post(String body, java.util.function.UnaryOperator<RequestSpecification> extra) {
        return extra.apply(given().auth().oauth2(DISPATCHER).contentType("application/json").queryParam("bedCategory", "ADULT_ICU")
                .queryParam("ageBand", "ADULT").queryParam("originLatitude", 50.69).queryParam("originLongitude", 2.88))
                .body(body).when().post("/api/v1/interop/samu/rs-dr");
    }
}
