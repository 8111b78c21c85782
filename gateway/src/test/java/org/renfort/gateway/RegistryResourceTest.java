package org.renfort.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.renfort.testsupport.TestTokens;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class RegistryResourceTest {
    static final String ENTRY = """
            {"hospitalId":"%ID%","name":"Centre hospitalier de Bailleul","kind":"GENERAL_HOSPITAL",
             "latitude":50.74,"longitude":2.73,"department":"59","hasEmergencyDepartment":true,
             "capabilities":["STROKE_UNIT","DIALYSIS"]}""";
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");

    @Test
    void aCoordinatorRegistersUpdatesAndRetiresHospitals() {
        given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(ENTRY.replace("%ID%", "590000132")).when().post("/api/v1/hospitals")
                .then().statusCode(201).body("hospitalId", equalTo("590000132"))
                .body("capabilities[1]", equalTo("DIALYSIS")).body("retired", equalTo(false));
        given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(ENTRY.replace("%ID%", "ignored").replace("de Bailleul", "de Bailleul-Flandres"))
                .when().put("/api/v1/hospitals/590000132")
                .then().statusCode(200).body("hospitalId", equalTo("590000132")).body("name", containsString("Flandres"));
        given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"reason\":\"merged with Hazebrouck\"}").when().post("/api/v1/hospitals/590000132/retirement")
                .then().statusCode(200).body("retired", equalTo(true));
    }

    @Test
    void malformedEntriesAreNamed() {
        given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(ENTRY.replace("%ID%", "590000140").replace("GENERAL_HOSPITAL", "SPACESHIP")).when().post("/api/v1/hospitals")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("kind"));
        given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"name\":\"no position\",\"kind\":\"GENERAL_HOSPITAL\"}").when().post("/api/v1/hospitals")
                .then().statusCode(400).body("detail", containsString("latitude"));
        given().auth().oauth2(COORDINATOR).contentType("application/json")
                .body(ENTRY.replace("%ID%", "590000140")).when().post("/api/v1/hospitals")
                .then().statusCode(400).body("detail", containsString("idempotency_key"));
    }
}
