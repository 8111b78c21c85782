package org.renfort.gateway;

import org.renfort.testsupport.standin.StandInCapacityService;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.Capability;
import org.renfort.testsupport.TestTokens;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class RegionResourceTest {
    static final String DISPATCHER = TestTokens.user("dispatcher", "dispatcher");

    @Test
    void theSummaryAddsUpTheRegionPerCategoryAndCountsHospitalsPerStatus() {
        given().auth().oauth2(DISPATCHER).when().get("/api/v1/region/summary")
                .then().statusCode(200)
                .body("hospitals", equalTo(2))
                .body("position", equalTo(42))
                .body("categories[0].category", equalTo("ADULT_ICU"))
                .body("categories[0].available", equalTo(9))
                .body("categories[0].held", equalTo(1))
                .body("categories[0].effectiveAvailable", equalTo(8))
                .body("facilityStatus.COMPROMISED", equalTo(1))
                .body("facilityStatus.NORMAL", equalTo(1));
    }

    /** The whole picture has a version: sent back in If-None-Match, an unchanged region is a 304 without a body. */
    @Test
    void theWholePictureCarriesAnETagAndAnUnchangedRegionIsA304() {
        var first = given().auth().oauth2(DISPATCHER).when().get("/api/v1/region")
                .then().statusCode(200)
                .body("position", equalTo(42))
                .body("hospitals.size()", equalTo(2))
                .body("hospitals[0].categories[0].beds.category", equalTo("ADULT_ICU"))
                .extract();
        String etag = first.header("ETag");
        assertTrue(etag.startsWith("W/\"42-"), etag);
        assertEquals("", given().auth().oauth2(DISPATCHER).header("If-None-Match", etag).when().get("/api/v1/region")
                .then().statusCode(304).header("ETag", etag).extract().asString());
        given().auth().oauth2(DISPATCHER).header("If-None-Match", "W/\"41-0\"").when().get("/api/v1/region")
                .then().statusCode(200).header("ETag", etag);
        long position = StandInCapacityService.POSITION.getAndSet(43);
        try {
            String changed = given().auth().oauth2(DISPATCHER).header("If-None-Match", etag).when().get("/api/v1/region")
                    .then().statusCode(200).body("position", equalTo(43)).extract().header("ETag");
            assertTrue(changed.startsWith("W/\"43-"), changed);
        } finally {
            StandInCapacityService.POSITION.set(position);
        }
    }

    @Test
    void aBedSearchIsTranslatedWithEveryParameterAndAnswered() {
        given().auth().oauth2(DISPATCHER)
                .queryParam("category", "ADULT_ICU").queryParam("capabilities", "NEUROSURGERY")
                .queryParam("capabilities", "DIALYSIS").queryParam("ageBand", "CHILD")
                .queryParam("latitude", 50.69).queryParam("longitude", 2.88).queryParam("maxTravelMinutes", 45)
                .when().get("/api/v1/beds")
                .then().statusCode(200)
                .body("candidates[0].hospital.hospitalId", equalTo("590000025"))
                .body("candidates[0].travelMinutes", equalTo(22))
                .body("candidates[0].effectiveAvailable", equalTo(6));
        var sent = StandInCapacityService.LAST_SEARCH.get();
        assertEquals(List.of(Capability.CAPABILITY_NEUROSURGERY, Capability.CAPABILITY_DIALYSIS), sent.getRequiredCapabilitiesList());
        assertEquals(AgeBand.AGE_BAND_CHILD, sent.getAgeBand());
        assertEquals(45, sent.getMaxTravelMinutes());
        assertEquals(50.69, sent.getOriginPosition().getLatitude());
    }

    @Test
    void aBedSearchWithoutCategoryOrOriginIsA400NamingIt() {
        given().auth().oauth2(DISPATCHER).queryParam("fromHospital", "590000017").when().get("/api/v1/beds")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("category"));
        given().auth().oauth2(DISPATCHER).queryParam("category", "ADULT_ICU").when().get("/api/v1/beds")
                .then().statusCode(400).body("detail", containsString("origin"));
        given().auth().oauth2(DISPATCHER).queryParam("category", "ADULT_ICU").queryParam("fromHospital", "590000017")
                .queryParam("capabilities", "TELEPORTATION").when().get("/api/v1/beds")
                .then().statusCode(400).body("detail", containsString("capabilities[0]"));
    }

    @Test
    void overdueHospitalsAndHistoryAreServed() {
        given().auth().oauth2(DISPATCHER).when().get("/api/v1/hospitals/overdue")
                .then().statusCode(200).body("regionInCrisis", equalTo(true))
                .body("hospitals[0].hospital.hospitalId", equalTo(RegionFixtures.KNOWN))
                .body("hospitals[0].ageSeconds", equalTo(7200));
        given().auth().oauth2(DISPATCHER).when().get("/api/v1/hospitals/{id}/capacity/history", RegionFixtures.KNOWN)
                .then().statusCode(200).body("[0].beds.available", equalTo(4)).body("[0].source", equalTo("HOSPITAL_SYSTEM"));
        given().auth().oauth2(DISPATCHER).when().get("/api/v1/hospitals/599999999/capacity/history")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(DISPATCHER).queryParam("from", "last week")
                .when().get("/api/v1/hospitals/{id}/capacity/history", RegionFixtures.KNOWN)
                .then().statusCode(400).body("detail", containsString("from"));
    }
}
