package org.renfort.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import io.quarkus.test.common.http.TestHTTPResource;
import org.renfort.gateway.api.rest.SamuHubResource;
import org.renfort.testsupport.AccessMatrix;
import org.renfort.testsupport.EventStreamClient;
import org.renfort.testsupport.TestTokens;

import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gateway's role checks as one table: every endpoint x every role. Tenancy (own / other
 * hospital) is decided by the services that own the data and tested in their own tables.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class AuthorizationMatrixTest {

    static final String POLICY = """
            operation       coordinator hospital-staff hospital-system dispatcher service unknown-role anonymous
            ListHospitals   allow       allow          allow           allow      allow   deny         deny
            GetHospital     allow       allow          allow           allow      allow   deny         deny
            GetCapacity     allow       allow          allow           allow      allow   deny         deny
            PutCapacity     allow       allow          allow           deny       deny    deny         deny
            ListAudit       allow       deny           deny            deny       deny    deny         deny
            RegionPicture   allow       allow          allow           allow      allow   deny         deny
            RegionSummary   allow       allow          allow           allow      allow   deny         deny
            RegionHave      allow       allow          allow           allow      allow   deny         deny
            FhirLocations   allow       allow          allow           allow      allow   deny         deny
            FhirTask        allow       allow          allow           allow      deny    deny         deny
            FhirTasks       allow       allow          allow           allow      deny    deny         deny
            FindBeds        allow       allow          allow           allow      allow   deny         deny
            Overdue         allow       allow          allow           allow      allow   deny         deny
            History         allow       allow          allow           allow      allow   deny         deny
            CreateHospital  allow       deny           deny            deny       deny    deny         deny
            UpdateHospital  allow       deny           deny            deny       deny    deny         deny
            RetireHospital  allow       deny           deny            deny       deny    deny         deny
            CreateTransfer  allow       allow          allow           allow      deny    deny         deny
            ListTransfers   allow       allow          allow           allow      deny    deny         deny
            GetTransfer     allow       allow          allow           allow      deny    deny         deny
            CancelTransfer  allow       allow          allow           allow      deny    deny         deny
            ReopenTransfer  allow       deny           deny            deny       deny    deny         deny
            DirectTransfer  allow       deny           deny            deny       deny    deny         deny
            ListOffers      allow       allow          allow           deny       deny    deny         deny
            ListTransports  allow       deny           deny            allow      deny    deny         deny
            AnswerOffer     allow       allow          allow           deny       deny    deny         deny
            UpdateTransport allow       allow          allow           allow      deny    deny         deny
            PlanRedistribution allow    deny           deny            deny       deny    deny         deny
            GetPlan         allow       deny           deny            deny       deny    deny         deny
            ApprovePlan     allow       deny           deny            deny       deny    deny         deny
            WatchRegion     allow       allow          allow           allow      allow   deny         deny
            WatchOffers     allow       allow          allow           deny       deny    deny         deny
            WatchTransports allow       deny           deny            allow      deny    deny         deny
            WatchPlan       allow       deny           deny            deny       deny    deny         deny
            DashboardConfig allow       allow          allow           allow      allow   allow        allow
            SamuRequest     allow       deny           deny            allow      deny    deny         deny
            SamuResponse    allow       deny           deny            allow      deny    deny         deny
            """;

    /** The live endpoints, opened as a browser would (a stream that is let through stays open: closed at once). */
    static final Map<String, String> STREAMS = Map.of(
            "WatchRegion", "region/events",
            "WatchOffers", "offers/events",
            "WatchTransports", "transports/events",
            "WatchPlan", "plans/" + UUID.randomUUID() + "/events");

    @TestHTTPResource("/api/v1/")
    URL api;

    static final Map<String, String> TOKENS = Map.of(
            "coordinator", TestTokens.user("coordinator", "coordinator"),
            "hospital-staff", TestTokens.hospital("staff", "hospital-staff", RegionFixtures.KNOWN),
            "hospital-system", TestTokens.hospital("system", "hospital-system", RegionFixtures.KNOWN),
            "dispatcher", TestTokens.user("dispatcher", "dispatcher"),
            "service", TestTokens.user("service-account-transfer-service", "service"),
            "unknown-role", TestTokens.user("intruder", "admin"));

    static List<AccessMatrix.Cell> policy() {
        return AccessMatrix.parse(POLICY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policy")
    void everyCellOfThePolicyHolds(AccessMatrix.Cell cell) {
        if (STREAMS.containsKey(cell.operation())) {
            try (EventStreamClient stream = EventStreamClient.open(api + STREAMS.get(cell.operation()), TOKENS.get(cell.principal()), null)) {
                assertEquals(cell.allowed() ? 200 : cell.principal().equals("anonymous") ? 401 : 403, passed(stream.status()));
            }
            return;
        }
        RequestSpecification request = given();
        if (!cell.principal().equals("anonymous")) {
            request = request.auth().oauth2(TOKENS.get(cell.principal()));
        }
        int status = call(request, cell.operation());
        int expected = cell.allowed() ? 200 : cell.principal().equals("anonymous") ? 401 : 403;
        assertEquals(expected, status);
    }

    private static int passed(int status) {
        return status == 401 || status == 403 ? status : 200;
    }

    private static int call(RequestSpecification request, String operation) {
        String id = RegionFixtures.KNOWN;
        return switch (operation) {
            case "ListHospitals" -> request.get("/api/v1/hospitals").statusCode();
            case "GetHospital" -> request.get("/api/v1/hospitals/" + id).statusCode();
            case "GetCapacity" -> request.get("/api/v1/hospitals/" + id + "/capacity").statusCode();
            case "PutCapacity" -> request.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body("{\"reportedAt\":\"" + Instant.now() + "\",\"beds\":[{\"category\":\"ADULT_ICU\",\"staffed\":3}]}")
                    .put("/api/v1/hospitals/" + id + "/capacity").statusCode();
            case "ListAudit" -> request.get("/api/v1/audit").statusCode();
            // Where to log in: public like the page itself (every figure it shows needs a token).
            case "DashboardConfig" -> request.get("/dashboard/config.json").statusCode();
            case "RegionPicture" -> request.get("/api/v1/region").statusCode();
            case "RegionSummary" -> request.get("/api/v1/region/summary").statusCode();
            case "RegionHave" -> request.get("/api/v1/region/have").statusCode();
            case "FhirLocations" -> request.get("/fhir/r4/Location").statusCode();
            case "FhirTask" -> passed(request.get("/fhir/r4/Task/" + UUID.randomUUID()).statusCode());
            case "FhirTasks" -> passed(request.get("/fhir/r4/Task?status=accepted").statusCode());
            case "FindBeds" -> request.queryParam("category", "ADULT_ICU").queryParam("fromHospital", id)
                    .get("/api/v1/beds").statusCode();
            case "Overdue" -> request.get("/api/v1/hospitals/overdue").statusCode();
            case "History" -> request.get("/api/v1/hospitals/" + id + "/capacity/history").statusCode();
            case "CreateHospital" -> {
                int status = request.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                        .body(RegistryResourceTest.ENTRY.replace("%ID%", "590000999")).post("/api/v1/hospitals").statusCode();
                yield status == 201 ? 200 : status;
            }
            case "UpdateHospital" -> request.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(RegistryResourceTest.ENTRY.replace("%ID%", id)).put("/api/v1/hospitals/" + id).statusCode();
            case "RetireHospital" -> request.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body("{\"reason\":\"merged\"}").post("/api/v1/hospitals/" + id + "/retirement").statusCode();
            // Transfer endpoints: the gateway checks roles; transfer-service (not running in these
            // tests) decides the rest. Anything but 401/403 means the gateway let the call through.
            case "CreateTransfer" -> passed(request.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(TransferResourceTest.REQUEST).post("/api/v1/transfers").statusCode());
            case "ListTransfers" -> passed(request.get("/api/v1/transfers").statusCode());
            case "GetTransfer" -> passed(request.get("/api/v1/transfers/" + UUID.randomUUID()).statusCode());
            case "CancelTransfer" -> passed(request.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body("{\"reason\":\"stabilised\"}").post("/api/v1/transfers/" + UUID.randomUUID() + "/cancellation").statusCode());
            case "ReopenTransfer" -> passed(request.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body("{\"reason\":\"again\"}").post("/api/v1/transfers/" + UUID.randomUUID() + "/reopening").statusCode());
            case "DirectTransfer" -> passed(request.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body("{\"hospitalId\":\"590000025\",\"reason\":\"agreed by phone\"}")
                    .post("/api/v1/transfers/" + UUID.randomUUID() + "/direction").statusCode());
            case "ListTransports" -> passed(request.get("/api/v1/transports").statusCode());
            case "ListOffers" -> passed(request.queryParam("status", "OPEN").get("/api/v1/offers").statusCode());
            case "AnswerOffer" -> passed(request.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body("{\"answer\":\"ACCEPT\"}").post("/api/v1/offers/" + UUID.randomUUID() + "/answer").statusCode());
            case "UpdateTransport" -> passed(request.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body("{\"step\":\"DEPARTED\"}").post("/api/v1/transfers/" + UUID.randomUUID() + "/transport").statusCode());
            case "PlanRedistribution" -> passed(request.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(PlanResourceTest.REQUEST).post("/api/v1/plans").statusCode());
            case "GetPlan" -> passed(request.get("/api/v1/plans/" + UUID.randomUUID()).statusCode());
            case "ApprovePlan" -> passed(request.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body("{}").post("/api/v1/plans/" + UUID.randomUUID() + "/approval").statusCode());
            case "SamuRequest" -> passed(request.contentType("application/json").queryParam("bedCategory", "ADULT_ICU")
                    .queryParam("ageBand", "ADULT").queryParam("originLatitude", 50.69).queryParam("originLongitude", 2.88)
                    .body(SamuHubResource.EXAMPLE_REQUEST).post("/api/v1/interop/samu/rs-dr").statusCode());
            case "SamuResponse" -> passed(request.get("/api/v1/interop/samu/rs-dr/fr.health.samu590.request.x1/rs-rr").statusCode());
            default -> throw new IllegalArgumentException("no such operation in the table: " + operation);
        };
    }
}
