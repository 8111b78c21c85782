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
    void anUnknownTaskStatusOrPageSizeIsNamed() {
        given().auth().oauth2(DISPATCHER).queryParam("status", "lost").when().get("/fhir/r4/Task")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("status"));
        given().auth().oauth2(DISPATCHER).queryParam("_count", 0).when().get("/fhir/r4/Task")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("_count"));
    }
}
