package org.renfort.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.renfort.testsupport.FhirValidation;
import org.renfort.testsupport.TestTokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The FHIR endpoints as a FHIR client meets them: the region through capacity-service's stand-in, bad searches named. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class FhirResourceTest {
    static final String DISPATCHER = TestTokens.user("dispatcher", "dispatcher");

    @Test
    void theRegionIsAValidFhirBundleOfLocations() {
        String bundle = given().auth().oauth2(DISPATCHER).accept("application/fhir+json").when().get("/fhir/r4/Location")
                .then().statusCode(200).contentType("application/fhir+json")
                .body("resourceType", equalTo("Bundle"))
                .body("entry.find { it.resource.id == '" + RegionFixtures.KNOWN + "' && it.resource.resourceType == 'Location' }"
                        + ".resource.extension.find { it.url.endsWith('facility-status') }.valueCode", equalTo("COMPROMISED"))
                .extract().asString();
        FhirValidation.assertValid(bundle);
    }

    @Test
    void errorsAreOperationOutcomesNamingTheParameter() {
        String outcome = given().auth().oauth2(DISPATCHER).queryParam("status", "lost").when().get("/fhir/r4/Task")
                .then().statusCode(400).contentType("application/fhir+json").body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("invalid")).body("issue[0].diagnostics", containsString("status"))
                .extract().asString();
        FhirValidation.assertValid(outcome);
        given().auth().oauth2(DISPATCHER).queryParam("_count", 0).when().get("/fhir/r4/Task")
                .then().statusCode(400).contentType("application/fhir+json").body("issue[0].diagnostics", containsString("_count"));
        given().auth().oauth2(TestTokens.user("service-account-transfer-service", "service")).when().get("/fhir/r4/Task/x")
                .then().statusCode(403).contentType("application/fhir+json").body("issue[0].code", equalTo("forbidden"));
        given().when().get("/fhir/r4/Location").then().statusCode(401).contentType("application/fhir+json")
                .body("issue[0].code", equalTo("login"));
        // The REST API keeps its problems.
        given().auth().oauth2(DISPATCHER).queryParam("status", "LOST").when().get("/api/v1/transfers")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
