package org.renfort.gateway;

import org.renfort.testsupport.standin.StandInCapacityService;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.renfort.gateway.api.rest.InputLimits;
import org.renfort.testsupport.TestTokens;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a buggy or hostile client may send to the REST edge: each class of malformed input is a
 * prompt 4xx problem naming the field, never reaches a service, and never degrades the gateway
 * for other callers.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class MalformedRestRequestTest {
    private static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");
    private static final String STAFF = TestTokens.hospital("staff-lille", "hospital-staff", RegionFixtures.KNOWN);
    private static final String REPORT = "{\"reportedAt\":\"2024-02-11T05:40:00Z\",\"beds\":[{\"category\":\"ADULT_ICU\",\"staffed\":3}]}";
    private static final Duration PROMPT = Duration.ofMillis(1_000);

    @Test
    void aHundredKilobyteIdentifierIsAPrompt4xxNamingTheField() {
        String huge = "5".repeat(100_000);
        String long10k = "5".repeat(10_000);
        timed(() -> given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", key())
                .body("{\"hospitalId\":\"" + long10k + "\",\"reason\":\"agreed by phone\"}")
                .when().post("/api/v1/transfers/" + UUID.randomUUID() + "/direction").then())
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("hospitalId"))
                .body("detail", not(containsString(long10k.substring(0, 100))));
        // Over the body cap: refused before it is read.
        timed(() -> given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", key())
                .body("{\"hospitalId\":\"" + huge + "\",\"reason\":\"agreed by phone\"}")
                .when().post("/api/v1/transfers/" + UUID.randomUUID() + "/direction").then())
                .statusCode(413).contentType("application/problem+json");
        // In the path or the query: the HTTP server refuses a request line over 4 KiB by itself.
        timed(() -> given().auth().oauth2(COORDINATOR).queryParam("hospitalId", huge).when().get("/api/v1/transfers").then())
                .statusCode(414);
        String long1k = "5".repeat(1_000);
        timed(() -> given().auth().oauth2(COORDINATOR).when().get("/api/v1/transfers/" + long1k).then())
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("transferId"));
        timed(() -> given().auth().oauth2(COORDINATOR).queryParam("hospitalId", long1k).when().get("/api/v1/transfers").then())
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("hospitalId"));
    }

    @Test
    void aOneMegabyteBodyIsAPrompt413AndReachesNoService() {
        int before = StandInCapacityService.PUBLISHED.get();
        String huge = REPORT.replace("\"beds\"", "\"padding\":\"" + "x".repeat(1_000_000) + "\",\"beds\"");
        timed(() -> given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", key())
                .body(huge).when().put("/api/v1/hospitals/" + RegionFixtures.KNOWN + "/capacity").then())
                .statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        assertEquals(before, StandInCapacityService.PUBLISHED.get());
    }

    @Test
    void controlCharactersAreRefusedBeforeAnyServiceCall() {
        int reads = StandInCapacityService.CAPACITY_READS.get();
        timed(() -> given().auth().oauth2(COORDINATOR).urlEncodingEnabled(false)
                .when().get("/api/v1/hospitals/5900%000017/capacity").then())
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("hospital_id: must not contain control characters"));
        timed(() -> given().auth().oauth2(COORDINATOR).queryParam("hospitalId", "59\u0000").when().get("/api/v1/transfers").then())
                .statusCode(400).body("detail", containsString("hospital_id"));
        int published = StandInCapacityService.PUBLISHED.get();
        timed(() -> given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", key())
                .body(REPORT.replace("\"beds\"", "\"status\":{\"emergencyDepartmentStatus\":\"CLOSED\",\"emergencyDepartmentReason\":\"cyber\\u0000attack\","
                        + "\"facilityStatus\":\"COMPROMISED\",\"crisisPlanLevel\":\"PLAN_BLANC\"},\"beds\""))
                .when().put("/api/v1/hospitals/" + RegionFixtures.KNOWN + "/capacity").then())
                .statusCode(400).body("detail", containsString("status.emergency_department_reason"));
        assertEquals(reads, StandInCapacityService.CAPACITY_READS.get());
        assertEquals(published, StandInCapacityService.PUBLISHED.get());
    }

    @Test
    void timestampsOutsideAnyPlausibleRangeAreRefusedNamingTheField() {
        int published = StandInCapacityService.PUBLISHED.get();
        timed(() -> given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", key())
                .body(REPORT.replace("2024-02-11T05:40:00Z", "1970-01-01T00:00:00Z"))
                .when().put("/api/v1/hospitals/" + RegionFixtures.KNOWN + "/capacity").then())
                .statusCode(400).body("detail", containsString("reported_at"));
        timed(() -> given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", key())
                .body(REPORT.replace("2024-02-11T05:40:00Z", "+1000000000-12-31T23:59:59Z"))
                .when().put("/api/v1/hospitals/" + RegionFixtures.KNOWN + "/capacity").then())
                .statusCode(400).contentType("application/problem+json");
        timed(() -> given().auth().oauth2(COORDINATOR).queryParam("createdAfter", "9999-12-31T23:59:59Z").when().get("/api/v1/transfers").then())
                .statusCode(400).body("detail", containsString("created_after"));
        assertEquals(published, StandInCapacityService.PUBLISHED.get());
    }

    @Test
    void duplicatedKeysTrailingContentAndOversizedNumbersAreRefused() {
        int published = StandInCapacityService.PUBLISHED.get();
        put(REPORT.replace("{\"reportedAt\"", "{\"reportedAt\":\"2024-02-11T05:40:00Z\",\"reportedAt\""))
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("reportedAt"));
        put(REPORT + " {\"beds\":[]}").statusCode(400).contentType("application/problem+json").body("detail", containsString("malformed"));
        put(REPORT.replace("\"staffed\":3", "\"staffed\":99999999999")).statusCode(400).contentType("application/problem+json");
        put(REPORT.replace("\"staffed\":3", "\"staffed\":200000")).statusCode(400).body("detail", containsString("beds[0].staffed"));
        // A value of another type is refused, not converted: what the caller meant is not guessed.
        for (String wrongType : List.of("\"staffed\":\"3\"", "\"staffed\":3.5", "\"staffed\":true")) {
            put(REPORT.replace("\"staffed\":3", wrongType)).statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("beds[0].staffed")).body("detail", not(containsString("Jackson")))
                    .body("detail", not(containsString("CoercionConfig")));
        }
        put(REPORT.replace("\"category\":\"ADULT_ICU\"", "\"category\":7")).statusCode(400).body("detail", containsString("beds[0].category"));
        assertEquals(published, StandInCapacityService.PUBLISHED.get());
    }

    @Test
    void aThousandMalformedRequestsLeaveTheGatewayServingOthersAtOnce() {
        for (int i = 0; i < 250; i++) {
            // Refused by the gateway itself.
            given().auth().oauth2(COORDINATOR).urlEncodingEnabled(false).when().get("/api/v1/hospitals/59%00" + i + "/capacity")
                    .then().statusCode(400);
            put(REPORT.replace("{\"reportedAt\"", "{\"beds\":[],\"beds\":[],\"reportedAt\"")).statusCode(400);
            // Passed on, and answered by the service with a refusal or with an internal error.
            given().auth().oauth2(COORDINATOR).when().get("/api/v1/hospitals/620000" + String.format("%03d", i) + "/capacity")
                    .then().statusCode(404);
            given().auth().oauth2(COORDINATOR).when().get("/api/v1/hospitals/" + StandInCapacityService.FAILING + "/capacity")
                    .then().statusCode(502).contentType("application/problem+json").body("detail", containsString("request id"));
        }
        timed(() -> given().auth().oauth2(STAFF).when().get("/api/v1/hospitals/" + RegionFixtures.KNOWN + "/capacity").then())
                .statusCode(200);
    }

    @Test
    void theLimitsAreDocumentedInTheOpenApiDocument() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.schemas.TransferRequest.properties.clinicalNote.maxLength", equalTo(InputLimits.CLINICAL_NOTE))
                .body("components.schemas.TransferRequest.properties.preferredHospitalIds.maxItems", equalTo(InputLimits.LISTED_HOSPITALS))
                .body("components.schemas.TransferRequest.properties.maxTravelMinutes.maximum", equalTo(InputLimits.TRAVEL_MINUTES))
                .body("components.schemas.BedCount.properties.staffed.maximum", equalTo(InputLimits.BEDS))
                .body("components.schemas.HospitalEntry.properties.name.maxLength", equalTo(InputLimits.HOSPITAL_NAME))
                // What a refusal looks like is in the document too (ProblemResponses).
                .body("paths.'/api/v1/offers'.get.responses.'400'.content.'application/problem+json'.schema.$ref",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/api/v1/offers'.get.operationId", equalTo("listOffers"));
    }

    private static ValidatableResponse put(String body) {
        return given().auth().oauth2(COORDINATOR).contentType("application/json").header("Idempotency-Key", key())
                .body(body).when().put("/api/v1/hospitals/" + RegionFixtures.KNOWN + "/capacity").then();
    }

    private static ValidatableResponse timed(Supplier<ValidatableResponse> call) {
        long start = System.nanoTime();
        ValidatableResponse response = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(PROMPT) < 0, "answered in " + took.toMillis() + " ms");
        return response;
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
