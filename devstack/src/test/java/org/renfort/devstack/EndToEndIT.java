package org.renfort.devstack;

import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.RawGrpcCall;

import com.google.protobuf.Timestamp;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.function.Executable;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.ChangeKind;
import org.renfort.proto.capacity.v1.GetHospitalRequest;
import org.renfort.proto.capacity.v1.PlaceHoldRequest;
import org.renfort.proto.capacity.v1.PlaceHoldResponse;
import org.renfort.proto.capacity.v1.WatchRegionRequest;
import org.renfort.proto.capacity.v1.WatchRegionResponse;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.capacity.v1.PublishCapacityResponse;
import org.renfort.proto.capacity.v1.ReportSource;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.proto.transfer.v1.Transfer;
import org.renfort.proto.transfer.v1.TransferRequirements;
import org.renfort.proto.transfer.v1.TransferServiceGrpc;
import org.renfort.proto.transfer.v1.TransferServiceGrpc.TransferServiceBlockingStub;

import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.GetRegionSnapshotRequest;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalKind;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.proto.transfer.v1.AcceptAnswer;
import org.renfort.proto.transfer.v1.Arrived;
import org.renfort.proto.transfer.v1.AssignCrew;
import org.renfort.proto.transfer.v1.Completed;
import org.renfort.proto.transfer.v1.CrewType;
import org.renfort.proto.transfer.v1.DeclineAnswer;
import org.renfort.proto.transfer.v1.DeclineReason;
import org.renfort.proto.transfer.v1.Departed;
import org.renfort.proto.transfer.v1.Offer;
import org.renfort.proto.transfer.v1.OfferEventKind;
import org.renfort.proto.transfer.v1.OfferStatus;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.TransferEvent;
import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.TransferStatus;
import org.renfort.proto.transfer.v1.UpdateTransportRequest;
import org.renfort.proto.transfer.v1.WatchOffersRequest;
import org.renfort.proto.transfer.v1.WatchOffersResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.renfort.testsupport.Eventually;
import org.renfort.testsupport.EventStreamClient;
import java.util.Base64;
import java.nio.file.Path;
import java.util.Map;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole system as the run command starts it - PostgreSQL, Keycloak, the three services as
 * separate JVMs - exercised with real Keycloak tokens over real gRPC and HTTP. Ports are
 * offset so that a running ./run.sh does not get in the way.
 */
class EndToEndIT {
    /**
     * A scenario whose fault (a process killed or restarted, a burst of hostile bodies, Keycloak
     * away) plays out the same whatever the number of instances: CI's second pass, against the
     * images with two instances of each service, leaves these out (-DexcludedGroups) to stay
     * within its time budget; the first pass always runs them.
     */
    static final String ONE_PROCESS_FAULT = "one-process-fault";
    static final String ARMENTIERES = "590000017";
    static final String LILLE = "590000025";
    static final String LOMME = "590000033";
    static final String HAZEBROUCK = "590000041";

    private static Stack stack;
    private static StackConfig config;
    private static TokenClient tokens;
    private static ManagedChannel capacityChannel;
    private static ManagedChannel transferChannel;
    private static ManagedChannel secondCapacityChannel;
    static final int SECOND_CAPACITY_PORT = 28083;
    private static final List<ProcessHandle> processes = new ArrayList<>();

    @BeforeAll
    static void startTheStack() throws Exception {
        Path root = Path.of(System.getProperty("renfort.root", "..")).toAbsolutePath().normalize();
        Path work = root.resolve("devstack/target/e2e");
        KeycloakServer.deleteTree(work.resolve("pgdata"));
        config = new StackConfig(root, work, Path.of(System.getProperty("renfort.keycloak.zip",
                root.resolve("devstack/target/keycloak-dist.zip").toString())),
                25432, 28180, 28081, 28082, 28080, false, Integer.getInteger("renfort.replicas", 1));
        stack = Stack.start(config);
        ProcessHandle.current().descendants().forEach(processes::add);
        DemoRegion.load().loadInto(config);
        tokens = new TokenClient(config.realmUrl());
        capacityChannel = ManagedChannelBuilder.forAddress("localhost", config.capacityPort()).usePlaintext().build();
        transferChannel = ManagedChannelBuilder.forAddress("localhost", config.transferPort()).usePlaintext().build();
        RestAssured.baseURI = config.gatewayUrl();
    }

    @AfterAll
    static void stopTheStack() {
        if (capacityChannel != null) {
            capacityChannel.shutdownNow();
            transferChannel.shutdownNow();
        }
        if (secondCapacityChannel != null) {
            secondCapacityChannel.shutdownNow();
        }
        if (stack != null) {
            ProcessHandle.current().descendants().forEach(processes::add);
            stack.close();
            List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).toList();
            assertTrue(alive.isEmpty(), () -> "processes left behind: " + alive.stream()
                    .map(p -> p.pid() + " " + p.info().command().orElse("?")).toList());
        }
    }

    /**
     * The production realm (k8s/base/realm) in a real Keycloak: it imports, transfer-service gets
     * a service token with the secret the deployment injects (Keycloak substitutes the
     * placeholder from the environment at import; here the test does), and nobody can log in
     * with a password.
     */
    @Test
    void theProductionRealmHasNoPersonNoPasswordGrantAndTheServiceSecretFromTheDeployment() throws Exception {
        String secret = UUID.randomUUID().toString();
        String realm = Files.readString(config.root().resolve("k8s/base/realm/renfort-realm.json"))
                .replace("${TRANSFER_SERVICE_CLIENT_SECRET}", secret)
                .replace("${RENFORT_PUBLIC_URL}", "https://api.renfort.example.org")
                .replace("\"realm\": \"renfort\"", "\"realm\": \"renfort-production\"");
        String realmUrl = config.keycloakUrl() + "/realms/renfort-production";
        RealmAdmin admin = new RealmAdmin(realmUrl);
        admin.createRealm(realm);
        try {
            TokenClient production = new TokenClient(realmUrl);
            String service = production.clientCredentials("transfer-service", secret);
            JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(service.split("\\.")[1]));
            assertTrue(claims.path("realm_access").path("roles").toString().contains("\"service\""), claims.toString());
            assertTrue(claims.path("aud").toString().contains("renfort"), claims.toString());
            IllegalStateException demoSecret = assertThrows(IllegalStateException.class,
                    () -> production.clientCredentials("transfer-service", "transfer-service-secret"));
            assertTrue(demoSecret.getMessage().contains("(401)"), demoSecret.getMessage());
            IllegalStateException password = assertThrows(IllegalStateException.class,
                    () -> production.password("coordinator", "coordinator"));
            assertTrue(password.getMessage().contains("unauthorized_client"), password.getMessage());
            assertEquals(List.of(), admin.usernames(), "people who could log in");
        } finally {
            admin.deleteRealm();
        }
    }

    /**
     * The services' {@code tls} profile, as k8s/components/tls runs them: a second set of
     * instances with a certificate from a throwaway CA, HTTPS only on their port, and each hop
     * (gateway -> capacity and transfer, transfer -> capacity) verifying the CA. Not in the
     * image run: the certificates live on the host, outside the images' root filesystems.
     */
    @Test
    void withTheTlsProfileEveryHopIsHttpsAndATransferIsNegotiatedThroughIt() throws Exception {
        Assumptions.assumeTrue(System.getProperty("renfort.service.images", "").isBlank(), "services run from images");
        Path tls = Files.createDirectories(config.workDir().resolve("tls"));
        openssl(tls, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=Renfort test CA");
        openssl(tls, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "tls.key", "-out", "tls.csr", "-subj", "/CN=localhost");
        Files.writeString(tls.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        openssl(tls, "x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "tls.crt", "-days", "1", "-extfile", "san.ext");
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(tls.resolve("ca.crt")))
                .connectTimeout(Duration.ofSeconds(2)).build();

        Map<String, String> tlsProfile = Map.of("QUARKUS_PROFILE", "prod,tls", "RENFORT_TLS_DIR", tls.toString());
        Map<String, String> capacityEnv = new HashMap<>(stack.serviceEnv("CAPACITY_PORT", 28091, "renfort_capacity"));
        capacityEnv.putAll(tlsProfile);
        Map<String, String> transferEnv = new HashMap<>(stack.serviceEnv("TRANSFER_PORT", 28092, "renfort_transfer"));
        transferEnv.putAll(tlsProfile);
        transferEnv.put("CAPACITY_PORT", "28091");
        Map<String, String> gatewayEnv = new HashMap<>(Map.of("GATEWAY_PORT", "28090", "CAPACITY_PORT", "28091",
                "TRANSFER_PORT", "28092", "RENFORT_OIDC_URL", config.realmUrl()));
        gatewayEnv.putAll(tlsProfile);
        try (ServiceProcess capacityTls = ServiceProcess.start(config, "capacity-service", 28091, capacityEnv, "capacity-service-tls");
             ServiceProcess transferTls = ServiceProcess.start(config, "transfer-service", 28092, transferEnv, "transfer-service-tls");
             ServiceProcess gatewayTls = ServiceProcess.start(config, "gateway", 28090, gatewayEnv, "gateway-tls")) {
            capacityTls.awaitReady(https);
            transferTls.awaitReady(https);
            gatewayTls.awaitReady(https);
            // The TLS instance alone negotiates: the plain one shares its database and would
            // otherwise take the round (restarted below).
            stack.crashTransferService();
            assertFalse(Readiness.answersOk("http://localhost:28091/q/health/live"), "plain HTTP is refused");
            assertFalse(Readiness.answersOk("http://localhost:28090/q/health/live"), "plain HTTP is refused");

            String coordinator = "Bearer " + tokens.password("coordinator", "coordinator");
            HttpResponse<String> hospitals = https.send(HttpRequest.newBuilder(URI.create("https://localhost:28090/api/v1/hospitals"))
                    .header("Authorization", coordinator).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, hospitals.statusCode(), hospitals.body());
            assertTrue(hospitals.body().contains(ARMENTIERES), "gateway -> capacity-service over TLS");

            HttpResponse<String> created = https.send(HttpRequest.newBuilder(URI.create("https://localhost:28090/api/v1/transfers"))
                    .header("Authorization", coordinator).header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"origin":{"hospitalId":"%s"},"patientReference":"TLS-000001","ageBand":"ADULT",
                             "bedCategory":"MEDICINE","acuity":"URGENT","maxTravelMinutes":90}""".formatted(ARMENTIERES)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), "gateway -> transfer-service over TLS: " + created.body());
            String id = new ObjectMapper().readTree(created.body()).get("transferId").asText();
            // Bed search and holds go from the TLS transfer-service to the TLS capacity-service:
            // the transfer leaves REQUESTED only once they answered.
            String status = Eventually.eventually(() -> {
                try {
                    return new ObjectMapper().readTree(https.send(HttpRequest.newBuilder(
                                    URI.create("https://localhost:28090/api/v1/transfers/" + id))
                            .header("Authorization", coordinator).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                            .get("status").asText();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, s -> !s.equals("REQUESTED"));
            assertTrue(Set.of("NEGOTIATING", "UNPLACED").contains(status), status);
        } finally {
            stack.restartTransferService(Map.of());
        }
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertEquals(0, process.waitFor(), "openssl " + String.join(" ", args));
    }

    private static SSLContext trusting(Path caCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(caCertificate)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        managers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, managers.getTrustManagers(), null);
        return context;
    }

    @Test
    void aHospitalSystemPublishesOverGrpcAndACoordinatorReadsItThroughTheGateway() {
        String system = tokens.clientCredentials("system-armentieres", "system-armentieres-secret");
        PublishCapacityResponse published = capacity(system).publishCapacity(icuReport(ARMENTIERES, 10, 7, 2));
        assertEquals(ReportSource.REPORT_SOURCE_HOSPITAL_SYSTEM, published.getSource());

        given().auth().oauth2(tokens.password("coordinator", "coordinator"))
                .when().get("/api/v1/hospitals/{id}/capacity", ARMENTIERES)
                .then().statusCode(200)
                .body("hospitalId", equalTo(ARMENTIERES))
                .body("categories.find { it.beds.category == 'ADULT_ICU' }.beds.available", equalTo(2))
                .body("categories.find { it.beds.category == 'ADULT_ICU' }.freshness.source", equalTo("HOSPITAL_SYSTEM"))
                .body("status.facilityStatus", equalTo("COMPROMISED"));
    }

    @Test
    void aHospitalSystemCannotPublishForAnotherHospital() {
        String system = tokens.clientCredentials("system-armentieres", "system-armentieres-secret");
        StatusRuntimeException denied = assertStatus(Status.Code.PERMISSION_DENIED,
                () -> capacity(system).publishCapacity(icuReport(LILLE, 120, 20, 100)));
        assertTrue(denied.getStatus().getDescription().contains("may not publish capacity for " + LILLE));
        given().auth().oauth2(tokens.password("coordinator", "coordinator"))
                .when().get("/api/v1/hospitals/{id}/capacity", LILLE)
                .then().statusCode(200)
                .body("categories.find { it.beds.category == 'ADULT_ICU' }.beds.available", equalTo(6));
    }

    @Test
    void aCoordinatorPublishesOnBehalfThroughTheGatewayAndBothThatAndADenialAreAudited() {
        String report = "{\"reportedAt\":\"" + Instant.now() + "\",\"beds\":[{\"category\":\"BURNS\","
                + "\"staffed\":4,\"occupied\":1,\"available\":3}]}";
        String onBehalf = "e2e-" + UUID.randomUUID();
        String denied = "e2e-" + UUID.randomUUID();
        given().auth().oauth2(tokens.password("coordinator", "coordinator")).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).header("X-Request-Id", onBehalf).body(report)
                .when().put("/api/v1/hospitals/{id}/capacity", ARMENTIERES)
                .then().statusCode(200).body("source", equalTo("COORDINATOR_ON_BEHALF"));
        given().auth().oauth2(tokens.password("staff-lille", "staff-lille")).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).header("X-Request-Id", denied).body(report)
                .when().put("/api/v1/hospitals/{id}/capacity", ARMENTIERES)
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("may not publish capacity for " + ARMENTIERES));

        // The request ids sent to the gateway are the ones capacity-service recorded.
        given().auth().oauth2(tokens.password("coordinator", "coordinator"))
                .queryParam("hospitalId", ARMENTIERES).queryParam("action", "PublishCapacity")
                .when().get("/api/v1/audit")
                .then().statusCode(200)
                .body("find { it.requestId == '" + onBehalf + "' }.outcome", equalTo("ALLOWED"))
                .body("find { it.requestId == '" + onBehalf + "' }.subject", equalTo("coordinator"))
                .body("find { it.requestId == '" + onBehalf + "' }.detail", containsString("on behalf of " + ARMENTIERES))
                .body("find { it.requestId == '" + denied + "' }.outcome", equalTo("DENIED"))
                .body("find { it.requestId == '" + denied + "' }.callerHospitalId", equalTo(LILLE));
        given().auth().oauth2(tokens.password("staff-lille", "staff-lille")).when().get("/api/v1/audit")
                .then().statusCode(403);
    }

    /**
     * Every list pages by cursor over the real services: following the Link headers from a small
     * first page gives exactly the one-page answer - same items, same order, none twice.
     */
    @Test
    void everyListPagesThroughItsLinkHeadersToExactlyTheWholeList() {
        String coordinator = tokens.password("coordinator", "coordinator");
        List<Object> hospitals = given().auth().oauth2(coordinator).when().get("/api/v1/hospitals")
                .then().statusCode(200).header("Link", nullValue()).extract().path("$");
        assertTrue(hospitals.size() > 5, "the demo region and the test hospitals");
        assertEquals(hospitals, followLinks(coordinator, "/api/v1/hospitals?pageSize=4"));

        // A hospital of its own with five reports: five history points, six audit entries.
        String marseille = "130000011";
        registerTestHospitals(List.of(marseille), "13", 43.30, 5.37, BedCategory.BED_CATEGORY_MEDICINE, 30, 10, 20);
        for (int occupied = 11; occupied <= 14; occupied++) {
            capacity(coordinator).publishCapacity(bedsReport(marseille, BedCategory.BED_CATEGORY_MEDICINE, 30, occupied, 30 - occupied));
        }
        List<Object> history = given().auth().oauth2(coordinator).when().get("/api/v1/hospitals/" + marseille + "/capacity/history")
                .then().statusCode(200).extract().path("$");
        assertEquals(5, history.size());
        assertEquals(history, followLinks(coordinator, "/api/v1/hospitals/" + marseille + "/capacity/history?pageSize=2"));

        // The trails of both services merged; "to" fixes the set while the suite writes on.
        String upTo = "to=" + Instant.now() + "&hospitalId=" + marseille;
        List<Object> trail = given().auth().oauth2(coordinator).urlEncodingEnabled(false).when().get("/api/v1/audit?limit=500&" + upTo)
                .then().statusCode(200).extract().path("$");
        assertTrue(trail.size() > 3 && trail.size() < 500, "a trail that spans pages and fits one answer: " + trail.size());
        assertEquals(trail, followLinks(coordinator, "/api/v1/audit?limit=3&" + upTo));
    }

    /** Reads the first page and every page its Link headers lead to. */
    private static List<Object> followLinks(String token, String first) {
        List<Object> items = new ArrayList<>();
        String next = first;
        for (int pages = 0; next != null; pages++) {
            assertTrue(pages < 1000, "pages never end");
            io.restassured.response.Response page = given().auth().oauth2(token).urlEncodingEnabled(false).when().get(next);
            assertEquals(200, page.statusCode(), next + ": " + page.asString());
            items.addAll(page.jsonPath().getList("$"));
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        return items;
    }

    @Test
    void tokensFromNowhereOrAnotherRealmAreRejectedOnBothHops() {
        String masterRealmToken = new TokenClient(config.keycloakUrl() + "/realms/master")
                .password(KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD, "admin-cli");
        given().auth().oauth2(masterRealmToken).when().get("/api/v1/hospitals").then().statusCode(401);
        given().when().get("/api/v1/hospitals").then().statusCode(401).contentType("application/problem+json");
        GetHospitalRequest get = GetHospitalRequest.newBuilder().setHospitalId(ARMENTIERES).build();
        assertStatus(Status.Code.UNAUTHENTICATED, () -> capacity(masterRealmToken).getHospital(get));
        assertStatus(Status.Code.UNAUTHENTICATED, () -> CapacityServiceGrpc.newBlockingStub(capacityChannel).getHospital(get));
    }

    /** The regional picture leaves Renfort as the standard says: EDXL-HAVE 1.0, valid against the OASIS schema. */
    @Test
    void theRegionExportsAsAnEdxlHaveDocumentValidAgainstTheOasisSchema() throws Exception {
        String coordinator = tokens.password("coordinator", "coordinator");
        List<String> registered = given().auth().oauth2(coordinator).when().get("/api/v1/region").then().statusCode(200)
                .extract().path("hospitals.findAll { !it.hospital.retired }.hospital.hospitalId");
        String exported = given().auth().oauth2(coordinator).accept("application/xml").when().get("/api/v1/region/have")
                .then().statusCode(200).contentType("application/xml").extract().asString();
        org.w3c.dom.Document have = org.renfort.testsupport.Standards.validXml("edxl-have-1.0/have.xsd", exported);
        org.w3c.dom.NodeList ids = have.getElementsByTagNameNS("urn:oasis:names:tc:ciq:xpil:3", "IdentifierElement");
        List<String> identified = new ArrayList<>();
        for (int i = 0; i < ids.getLength(); i++) {
            identified.add(ids.item(i).getTextContent());
        }
        assertEquals(registered.stream().sorted().toList(), identified.stream().sorted().toList(),
                "every hospital of the region, once, by its FINESS number");
        given().when().get("/api/v1/region/have").then().statusCode(401).contentType("application/problem+json");
    }

    /**
     * The SAMU hub round trip over real processes: a SAMU's regulation software posts an RS-DR
     * for three patients alike; while the hospitals are asked the answer is DIFFEREE, with two
     * beds accepted PARTIELLE, with the third ACCEPTEE, each RS-RR valid against the hub's schema.
     * The same RS-DR resent creates nothing; another one sent again as ANNULEE releases its bed.
     */
    @Test
    void aSamuHubResourceRequestIsNegotiatedAndAnsweredAsTheHubExpects() throws Exception {
        String coordinator = tokens.password("coordinator", "coordinator");
        String samu = tokens.password("dispatcher", "dispatcher");
        // Its own corner of the map (Montpellier), so that its holds take no bed another scenario counts on.
        List<String> montpellier = List.of("340000015", "340000023");
        registerTestHospitals(montpellier, "34", 43.61, 3.88, BedCategory.BED_CATEGORY_INTERMEDIATE_CARE, 10, 7, 3);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String requestId = "fr.health.samu340.request.tih" + run;
        String rsDr = """
                {"resourcesRequest":{"caseId":"fr.health.samu340.DRFR15340%s",
                 "request":{"requestId":"%s","datetime":"2026-12-06T09:15:00+01:00","purpose":"TIH","deadline":"1H",
                  "freetext":"Trois blessés stables, surveillance continue"}}}""".formatted(run, requestId);
        java.util.function.IntFunction<io.restassured.specification.RequestSpecification> post = patients -> given().auth().oauth2(samu)
                .contentType("application/json").queryParam("bedCategory", "INTERMEDIATE_CARE").queryParam("ageBand", "ADULT")
                .queryParam("originLatitude", 43.60).queryParam("originLongitude", 3.87).queryParam("patients", patients);

        var first = post.apply(3).body(rsDr).when().post("/api/v1/interop/samu/rs-dr").then().statusCode(201)
                .header("Location", containsString("/api/v1/interop/samu/rs-dr/" + requestId + "/rs-rr")).extract();
        assertEquals("DIFFEREE", validRsRr(first.asString()).at("/response/answer").asText());
        post.apply(3).body(rsDr).when().post("/api/v1/interop/samu/rs-dr").then().statusCode(200);
        List<Transfer> requested = transfer(coordinator).listTransfers(ListTransfersRequest.newBuilder()
                .setExternalReference(requestId).build()).getTransfersList();
        assertEquals(3, requested.size(), "one transfer per patient, and the resend created nothing");
        assertTrue(requested.stream().allMatch(t -> t.getRequirements().getAcuity() == Acuity.ACUITY_URGENT), "deadline 1H");

        for (int i = 0; i < 3; i++) {
            Transfer offered = awaitTransfer(coordinator, requested.get(i), t -> !openOffers(t).isEmpty());
            given().auth().oauth2(coordinator).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body("{\"answer\":\"ACCEPT\"}").when().post("/api/v1/offers/{id}/answer", openOffers(offered).get(0).getOfferId())
                    .then().statusCode(200);
            String answer = i < 2 ? "PARTIELLE" : "ACCEPTEE";
            JsonNode rsRr = validRsRr(given().auth().oauth2(samu).when().get("/api/v1/interop/samu/rs-dr/{id}/rs-rr", requestId)
                    .then().statusCode(200).contentType("application/json").extract().asString());
            assertEquals(answer, rsRr.at("/response/answer").asText(), rsRr::toString);
            assertEquals(requestId, rsRr.get("requestId").asText());
        }
        JsonNode accepted = validRsRr(given().auth().oauth2(samu).when().get("/api/v1/interop/samu/rs-dr/{id}/rs-rr", requestId)
                .then().statusCode(200).extract().asString());
        assertTrue(accepted.at("/response/freetext").asText().startsWith("3 patients sur 3 acceptés : FINESS 34000"), accepted::toString);

        String cancelledId = requestId + "b";
        String another = rsDr.replace(requestId, cancelledId).replace("DRFR15340", "DRFR15341");
        post.apply(1).body(another).when().post("/api/v1/interop/samu/rs-dr").then().statusCode(201);
        Transfer lone = transfer(coordinator).listTransfers(ListTransfersRequest.newBuilder().setExternalReference(cancelledId).build())
                .getTransfers(0);
        awaitTransfer(coordinator, lone, t -> !openOffers(t).isEmpty());
        String annulee = another.replace("\"request\":", "\"status\":\"ANNULEE\",\"request\":");
        JsonNode refused = validRsRr(post.apply(1).body(annulee).when().post("/api/v1/interop/samu/rs-dr").then().statusCode(200)
                .extract().asString());
        assertEquals("REFUSEE", refused.at("/response/answer").asText());
        assertEquals(TransferStatus.TRANSFER_STATUS_CANCELLED, awaitTransfer(coordinator, lone,
                t -> t.getStatus() == TransferStatus.TRANSFER_STATUS_CANCELLED).getStatus());
        given().auth().oauth2(tokens.password("staff-lille", "staff-lille")).when()
                .get("/api/v1/interop/samu/rs-dr/{id}/rs-rr", requestId).then().statusCode(403).contentType("application/problem+json");
    }

    /** An RS-RR as the gateway answered it, checked against the hub's official schema where this machine has it. */
    private static JsonNode validRsRr(String answered) throws java.io.IOException {
        JsonNode message = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answered).get("resourcesResponse");
        assertTrue(message != null, "an RS-RR: " + answered);
        if (org.renfort.testsupport.Standards.find("hubsante/RS-RR.schema.json").isPresent()) {
            org.renfort.testsupport.Standards.validJson("hubsante/RS-RR.schema.json", message.toString());
        }
        return message;
    }

    @Test
    void theDemoRegionIsLoadedAndEveryServiceIsReady() {
        given().auth().oauth2(tokens.password("dispatcher", "dispatcher"))
                .when().get("/api/v1/hospitals?department=62")
                .then().statusCode(200).body("hospitalId", hasItem("620000026"));
        assertEquals(3 * config.replicas(), stack.servicePorts().size());
        for (int port : stack.servicePorts()) {
            given().baseUri("http://localhost:" + port).when().get("/q/health/ready").then().statusCode(200);
        }
    }

    @Test
    void aDispatcherFindsTheNearestFreeBedsThroughTheGateway() {
        List<Integer> minutes = given().auth().oauth2(tokens.password("dispatcher", "dispatcher"))
                .queryParam("category", "ADULT_ICU").queryParam("fromHospital", ARMENTIERES).queryParam("maxTravelMinutes", 90)
                .when().get("/api/v1/beds")
                .then().statusCode(200)
                .body("candidates.hospital.hospitalId", org.hamcrest.Matchers.not(hasItem(ARMENTIERES)))
                .body("candidates.size()", org.hamcrest.Matchers.greaterThan(2))
                .extract().jsonPath().getList("candidates.travelMinutes", Integer.class);
        assertEquals(minutes.stream().sorted().toList(), minutes);
        given().auth().oauth2(tokens.password("coordinator", "coordinator")).when().get("/api/v1/region/summary")
                .then().statusCode(200).body("hospitals", org.hamcrest.Matchers.greaterThanOrEqualTo(DemoRegion.load().size()))
                .body("facilityStatus.COMPROMISED", equalTo(1));
    }

    @Test
    void aCoordinatorRegistersAndRetiresAHospitalThroughTheGateway() {
        String coordinator = tokens.password("coordinator", "coordinator");
        String entry = "{\"hospitalId\":\"590000157\",\"name\":\"Centre hospitalier de Bailleul\",\"kind\":\"GENERAL_HOSPITAL\","
                + "\"latitude\":50.74,\"longitude\":2.73,\"department\":\"59\",\"hasEmergencyDepartment\":false,\"capabilities\":[]}";
        given().auth().oauth2(coordinator).contentType("application/json").header("Idempotency-Key", "e2e-register-590000157")
                .body(entry).when().post("/api/v1/hospitals").then().statusCode(201).body("hospitalId", equalTo("590000157"));
        given().auth().oauth2(coordinator).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"reason\":\"site closed\"}").when().post("/api/v1/hospitals/590000157/retirement")
                .then().statusCode(200).body("retired", equalTo(true));
        given().auth().oauth2(tokens.password("staff-lille", "staff-lille")).when().get("/api/v1/hospitals/590000157")
                .then().statusCode(200).body("retired", equalTo(true));
        given().auth().oauth2(tokens.password("staff-lille", "staff-lille")).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).body("{\"reason\":\"hijack\"}")
                .when().post("/api/v1/hospitals/590000017/retirement").then().statusCode(403);
    }

    @Test
    void aTransferIsStoredAndADispatcherNeverReadsItsClinicalNote() {
        String staff = tokens.password("staff-armentieres", "staff-armentieres");
        Transfer created = transfer(staff).createTransfer(CreateTransferRequest.newBuilder()
                .setOrigin(Origin.newBuilder().setHospitalId(ARMENTIERES))
                .setRequirements(TransferRequirements.newBuilder().setPatientReference("ARM-" + UUID.randomUUID().toString().substring(0, 8))
                        .setAgeBand(AgeBand.AGE_BAND_ADULT).setBedCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                        .setAcuity(Acuity.ACUITY_URGENT).setMaxTravelMinutes(60))
                .setClinicalNote("Ventilated, stable")
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getTransfer();
        GetTransferRequest get = GetTransferRequest.newBuilder().setTransferId(created.getTransferId()).build();

        assertEquals("Ventilated, stable", transfer(tokens.password("coordinator", "coordinator")).getTransfer(get)
                .getTransfer().getClinicalNote());
        assertStatus(Status.Code.PERMISSION_DENIED, () -> transfer(tokens.password("dispatcher", "dispatcher")).getTransfer(get));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> transfer(tokens.password("staff-lille", "staff-lille")).getTransfer(get));
        assertFalse(created.getTransferId().isEmpty());
    }

    @Test
    void holdsRacingThroughTwoInstancesNeverOverCommit() throws Exception {
        String lomme = "590000033";
        int beds = 7;
        int racers = 200; // issue #11: 200 racers for 7 beds, half through each instance
        String system = tokens.clientCredentials("system-lomme", "system-lomme-secret");
        capacity(system).publishCapacity(PublishCapacityRequest.newBuilder(icuReport(lomme, 40, 40 - beds, beds)).build());
        ManagedChannel second = secondInstance();
        String service = tokens.clientCredentials("transfer-service", "transfer-service-secret");
        List<ListenableFuture<PlaceHoldResponse>> attempts = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            ManagedChannel channel = i % 2 == 0 ? capacityChannel : second;
            attempts.add(CapacityServiceGrpc.newFutureStub(channel).withCallCredentials(new BearerToken(service))
                    .withDeadlineAfter(30, TimeUnit.SECONDS).placeHold(hold(lomme)));
        }
        int placed = 0;
        int exhausted = 0;
        for (ListenableFuture<PlaceHoldResponse> attempt : attempts) {
            try {
                attempt.get();
                placed++;
            } catch (ExecutionException e) {
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, Status.fromThrowable(e.getCause()).getCode(), e.getMessage());
                exhausted++;
            }
        }
        assertEquals(beds, placed);
        assertEquals(racers - beds, exhausted);
    }

    @Test
    void aReportThroughOneInstanceReachesAWatcherOfTheOther() throws Exception {
        String hazebrouck = "590000041";
        ManagedChannel second = secondInstance();
        String dispatcher = tokens.password("dispatcher", "dispatcher");
        BlockingQueue<WatchRegionResponse> received = new LinkedBlockingQueue<>();
        Context.CancellableContext watching = Context.current().withCancellation();
        watching.run(() -> CapacityServiceGrpc.newStub(second).withCallCredentials(new BearerToken(dispatcher))
                .watchRegion(WatchRegionRequest.getDefaultInstance(), new StreamObserver<>() {
                    public void onNext(WatchRegionResponse value) {
                        received.add(value);
                    }

                    public void onError(Throwable t) {
                    }

                    public void onCompleted() {
                    }
                }));
        try {
            assertTrue(received.poll(10, TimeUnit.SECONDS).hasSnapshot());
            String system = tokens.clientCredentials("system-hazebrouck", "system-hazebrouck-secret");
            capacity(system).publishCapacity(icuReport(hazebrouck, 9, 4, 5));
            Instant deadline = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(deadline)) {
                WatchRegionResponse next = received.poll(1, TimeUnit.SECONDS);
                if (next != null && next.getChange().getHospital().getHospital().getHospitalId().equals(hazebrouck)
                        && next.getChange().getKind() == ChangeKind.CHANGE_KIND_CAPACITY_REPORTED) {
                    assertEquals(5, next.getChange().getHospital().getCategoriesList().stream()
                            .filter(c -> c.getBeds().getCategory() == BedCategory.BED_CATEGORY_ADULT_ICU)
                            .findFirst().orElseThrow().getBeds().getAvailable());
                    return;
                }
            }
            throw new AssertionError("the watcher of the second instance did not see the report within 10 s");
        } finally {
            watching.cancel(null);
        }
    }

    private static synchronized ManagedChannel secondInstance() {
        if (secondCapacityChannel == null) {
            stack.addCapacityInstance(SECOND_CAPACITY_PORT);
            secondCapacityChannel = ManagedChannelBuilder.forAddress("localhost", SECOND_CAPACITY_PORT).usePlaintext().build();
        }
        return secondCapacityChannel;
    }

    private static PlaceHoldRequest hold(String hospital) {
        Instant expires = Instant.now().plusSeconds(600);
        return PlaceHoldRequest.newBuilder().setHospitalId(hospital).setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                .setTransferReference("E2E-" + UUID.randomUUID().toString().substring(0, 8))
                .setExpiresAt(Timestamp.newBuilder().setSeconds(expires.getEpochSecond()))
                .setIdempotencyKey(UUID.randomUUID().toString()).build();
    }

    // ---- transfers: negotiation through real processes and real Keycloak tokens ----------------

    @Test
    void aFullTransferRunsFromRequestThroughOffersAndTransportToArrival() throws Exception {
        String lommeSystem = tokens.clientCredentials("system-lomme", "system-lomme-secret");
        String lilleSystem = tokens.clientCredentials("system-lille", "system-lille-secret");
        // Lomme opens burns beds; nearer to Armentières than Lille, it is asked first.
        capacity(lommeSystem).publishCapacity(bedsReport(LOMME, BedCategory.BED_CATEGORY_BURNS, 4, 2, 2));
        BlockingQueue<WatchOffersResponse> lommeOffers = watchOffers(lommeSystem);
        BlockingQueue<WatchOffersResponse> lilleOffers = watchOffers(lilleSystem);

        String staff = tokens.password("staff-armentieres", "staff-armentieres");
        Transfer created = transfer(staff).createTransfer(CreateTransferRequest.newBuilder()
                .setOrigin(Origin.newBuilder().setHospitalId(ARMENTIERES))
                .setRequirements(TransferRequirements.newBuilder().setPatientReference("ARM-" + UUID.randomUUID().toString().substring(0, 8))
                        .setAgeBand(AgeBand.AGE_BAND_ADULT).setBedCategory(BedCategory.BED_CATEGORY_BURNS)
                        .setAcuity(Acuity.ACUITY_PLANNED).setMaxTravelMinutes(60))
                .setClinicalNote("Burns 30 % TBSA, stable")
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getTransfer();

        WatchOffersResponse toLomme = nextOffer(lommeOffers, created, OfferEventKind.OFFER_EVENT_KIND_OFFERED);
        assertEquals(BedCategory.BED_CATEGORY_BURNS, toLomme.getOffer().getRequirements().getBedCategory(),
                "the hospital asked sees the requirements");
        assertFalse(toLomme.getOffer().getRequirements().getPatientReference().isEmpty());
        transfer(lommeSystem).respondToOffer(RespondToOfferRequest.newBuilder().setOfferId(toLomme.getOffer().getOfferId())
                .setDecline(DeclineAnswer.newBuilder().setReason(DeclineReason.DECLINE_REASON_NO_STAFF))
                .setIdempotencyKey(UUID.randomUUID().toString()).build());

        WatchOffersResponse toLille = nextOffer(lilleOffers, created, OfferEventKind.OFFER_EVENT_KIND_OFFERED);
        // Lille's staff, over REST without a stream: the open offers of their hospital, with what
        // they need to decide and without the clinical note; they accept from the list.
        String lilleStaff = tokens.password("staff-lille", "staff-lille");
        io.restassured.path.json.JsonPath open = given().auth().oauth2(lilleStaff).queryParam("status", "OPEN")
                .when().get("/api/v1/offers").then().statusCode(200).extract().jsonPath();
        String offerToLille = toLille.getOffer().getOfferId();
        assertEquals(List.of(offerToLille), open.getList("offers.findAll { it.offer.transferId == '" + created.getTransferId()
                + "' }.offer.offerId"));
        String listed = "offers.find { it.offer.offerId == '" + offerToLille + "' }";
        assertEquals(ARMENTIERES, open.getString(listed + ".origin.hospitalId"));
        assertEquals("BURNS", open.getString(listed + ".bedCategory"));
        assertEquals("PLANNED", open.getString(listed + ".acuity"));
        assertFalse(open.prettify().contains("Burns 30 % TBSA"), "the clinical note stays with origin and destination");
        given().auth().oauth2(lilleStaff).queryParam("hospitalId", LOMME).when().get("/api/v1/offers")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(lilleStaff).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"answer\":\"ACCEPT\"}").when().post("/api/v1/offers/" + offerToLille + "/answer")
                .then().statusCode(200);
        Transfer accepted = transfer(lilleSystem).getTransfer(GetTransferRequest.newBuilder().setTransferId(created.getTransferId())
                .build()).getTransfer();
        assertEquals(TransferStatus.TRANSFER_STATUS_ACCEPTED, accepted.getStatus());
        assertEquals(LILLE, accepted.getDestinationHospitalId());
        assertEquals("Burns 30 % TBSA, stable", accepted.getClinicalNote(), "the destination reads the note once it accepted");
        String coordinator = tokens.password("coordinator", "coordinator");
        assertTrue(capacity(coordinator).getRegionSnapshot(GetRegionSnapshotRequest.getDefaultInstance()).getHospitalsList().stream()
                .filter(h -> h.getHospital().getHospitalId().equals(LILLE))
                .flatMap(h -> h.getCategoriesList().stream())
                .anyMatch(c -> c.getBeds().getCategory() == BedCategory.BED_CATEGORY_BURNS && c.getHeld() >= 1),
                "the accepted bed is held in capacity-service");

        String dispatcher = tokens.password("dispatcher", "dispatcher");
        // SAMU 59's dispatcher (its token's dispatch_center) finds it among the transports to organise.
        assertTrue(given().auth().oauth2(dispatcher).when().get("/api/v1/transports").then().statusCode(200)
                        .extract().<List<String>>path("transfers.transferId").contains(created.getTransferId()),
                "an accepted transfer from Armentières (59) is SAMU59's to carry");
        transport(dispatcher, created, UpdateTransportRequest.newBuilder().setAssign(AssignCrew.newBuilder()
                .setCrewType(CrewType.CREW_TYPE_SMUR).setCallSign("SMUR 59-2")));
        transport(dispatcher, created, UpdateTransportRequest.newBuilder().setDeparted(Departed.getDefaultInstance()));
        // On the way, the crew's app reports over REST a later arrival and where it is; Lille's
        // system reads the new arrival time over gRPC.
        Instant eta = Instant.now().plus(Duration.ofMinutes(25)).truncatedTo(ChronoUnit.SECONDS);
        given().auth().oauth2(dispatcher).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"step\":\"PROGRESS\",\"estimatedArrival\":\"" + eta + "\",\"position\":{\"latitude\":50.66,\"longitude\":2.95}}")
                .when().post("/api/v1/transfers/" + created.getTransferId() + "/transport")
                .then().statusCode(200).body("status", equalTo("IN_TRANSIT"))
                .body("transport.lastPosition.latitude", equalTo(50.66f))
                .body("transport.estimatedArrival", equalTo(eta.toString()));
        assertEquals(eta.getEpochSecond(), transfer(lilleSystem).getTransfer(GetTransferRequest.newBuilder()
                .setTransferId(created.getTransferId()).build()).getTransfer().getTransport().getEstimatedArrival().getSeconds());
        transport(lilleSystem, created, UpdateTransportRequest.newBuilder().setArrived(Arrived.getDefaultInstance()));
        Transfer completed = transport(lilleSystem, created, UpdateTransportRequest.newBuilder().setCompleted(Completed.getDefaultInstance()));
        assertEquals(TransferStatus.TRANSFER_STATUS_COMPLETED, completed.getStatus());

        Transfer seen = transfer(coordinator).getTransfer(GetTransferRequest.newBuilder().setTransferId(created.getTransferId()).build())
                .getTransfer();
        assertEquals(List.of(TransferStatus.TRANSFER_STATUS_REQUESTED, TransferStatus.TRANSFER_STATUS_NEGOTIATING,
                TransferStatus.TRANSFER_STATUS_ACCEPTED, TransferStatus.TRANSFER_STATUS_TRANSPORT_ASSIGNED,
                TransferStatus.TRANSFER_STATUS_IN_TRANSIT, TransferStatus.TRANSFER_STATUS_ARRIVED,
                TransferStatus.TRANSFER_STATUS_COMPLETED),
                seen.getHistoryList().stream().map(TransferEvent::getStatus).distinct().toList());
        assertTrue(seen.getHistoryList().stream().anyMatch(e -> e.getReason().contains("declined by " + LOMME)));

        // The same transfer as a FHIR Task, valid for the official R4 validator, found by its status.
        String task = given().auth().oauth2(coordinator).accept("application/fhir+json")
                .when().get("/fhir/r4/Task/" + created.getTransferId())
                .then().statusCode(200).contentType("application/fhir+json")
                .body("status", equalTo("completed")).body("owner.reference", equalTo("Organization/" + LILLE))
                .extract().asString();
        org.renfort.testsupport.FhirValidation.assertValid(task);
        String completedTasks = given().auth().oauth2(coordinator).queryParam("status", "completed").queryParam("_count", 500)
                .when().get("/fhir/r4/Task").then().statusCode(200).extract().asString();
        assertTrue(completedTasks.contains("\"id\":\"" + created.getTransferId() + "\""), "found by its Task status");
        org.renfort.testsupport.FhirValidation.assertValid(completedTasks);
    }

    /**
     * The live endpoints over real processes: the crisis cell follows the region and a hospital's
     * offers as Server-Sent Events; a client that was away reconnects with Last-Event-ID and gets
     * exactly what it missed - no snapshot again, no event twice, none lost.
     */
    @Test
    void theCrisisCellFollowsTheRegionAndAHospitalsOffersLiveAndResumesWithoutGapOrDuplicate() {
        String coordinator = tokens.password("coordinator", "coordinator");
        // Hospitals of its own, so that the demo region's figures other scenarios read stay as they are.
        List<String> reporting = List.of("350000038", "350000046", "350000053");
        registerTestHospitals(reporting, "35", 48.11, -1.68, BedCategory.BED_CATEGORY_ADULT_ICU, 10, 5, 5);
        String regionEvents = config.gatewayUrl() + "/api/v1/region/events";
        String lastSeen;
        try (EventStreamClient live = EventStreamClient.open(regionEvents, coordinator, null)) {
            assertEquals(200, live.status());
            EventStreamClient.Event snapshot = live.await(e -> true, Duration.ofSeconds(10), "first");
            assertEquals("snapshot", snapshot.name(), "a stream opened without Last-Event-ID starts with the whole picture");
            assertTrue(snapshot.data().contains("\"hospitalId\":\"" + ARMENTIERES + "\""));
            capacity(coordinator).publishCapacity(icuReport(reporting.get(0), 10, 9, 1));
            EventStreamClient.Event change = live.await(e -> e.name().equals("change") && e.data().contains(reporting.get(0)),
                    Duration.ofSeconds(10), "the first report");
            assertTrue(Long.parseLong(change.id()) > Long.parseLong(snapshot.id()));
            lastSeen = change.id();
        }
        // Away while two hospitals report, then back with the id of the last event received.
        capacity(coordinator).publishCapacity(icuReport(reporting.get(1), 12, 10, 2));
        capacity(coordinator).publishCapacity(icuReport(reporting.get(2), 40, 35, 5));
        try (EventStreamClient resumed = EventStreamClient.open(regionEvents, coordinator, lastSeen)) {
            List<EventStreamClient.Event> missed = new ArrayList<>();
            missed.add(resumed.await(e -> true, Duration.ofSeconds(10), "the first missed change"));
            while (missed.stream().noneMatch(e -> e.data().contains("\"hospitalId\":\"" + reporting.get(2) + "\""))) {
                missed.add(resumed.await(e -> true, Duration.ofSeconds(10), "the third report"));
            }
            assertTrue(missed.stream().allMatch(e -> e.name().equals("change")), "no second snapshot: " + missed);
            List<Long> positions = missed.stream().map(e -> Long.parseLong(e.id())).toList();
            assertTrue(positions.get(0) > Long.parseLong(lastSeen), "nothing already received comes again");
            assertEquals(positions.stream().sorted().distinct().toList(), positions, "in order, each once");
            int second = indexOf(missed, reporting.get(1));
            assertTrue(second >= 0 && second < indexOf(missed, reporting.get(2)), "the second report, then the third: " + missed);
        }

        // A hospital's offers: the open one first, then its outcome, also after a reconnection.
        List<String> rennes = List.of("350000012");
        registerTestHospitals(rennes, "35", 48.11, -1.68, BedCategory.BED_CATEGORY_BURNS, 6, 3, 3);
        String offerEvents = config.gatewayUrl() + "/api/v1/offers/events?hospitalId=" + rennes.get(0);
        Transfer created = transfer(tokens.password("dispatcher", "dispatcher"))
                .createTransfer(fieldRequest(48.11, -1.68, BedCategory.BED_CATEGORY_BURNS, Acuity.ACUITY_URGENT)).getTransfer();
        String offered;
        try (EventStreamClient live = EventStreamClient.open(offerEvents, coordinator, null)) {
            EventStreamClient.Event offer = live.await(e -> e.data().contains(created.getTransferId()), Duration.ofSeconds(15), "the offer");
            assertEquals("offer", offer.name());
            assertTrue(offer.data().contains("\"kind\":\"OFFERED\""), offer.data());
            assertTrue(offer.data().contains("\"bedCategory\":\"BURNS\""), "with what the hospital needs to decide");
            offered = offer.id();
        }
        String offerId = awaitTransfer(coordinator, created, t -> openOffers(t).size() == 1).getOffers(0).getOfferId();
        given().auth().oauth2(coordinator).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"answer\":\"ACCEPT\"}").when().post("/api/v1/offers/{id}/answer", offerId).then().statusCode(200);
        try (EventStreamClient resumed = EventStreamClient.open(offerEvents, coordinator, offered)) {
            EventStreamClient.Event outcome = resumed.await(e -> e.data().contains(created.getTransferId()), Duration.ofSeconds(15), "the outcome");
            assertTrue(outcome.data().contains("\"kind\":\"ACCEPTED\""), "not the offer again: " + outcome.data());
            assertTrue(Long.parseLong(outcome.id()) > Long.parseLong(offered));
        }
        // Another hospital's staff may not follow these offers; the answer comes before any stream.
        try (EventStreamClient refused = EventStreamClient.open(offerEvents, tokens.password("staff-lille", "staff-lille"), null)) {
            assertEquals(403, refused.status());
            assertTrue(refused.body().contains("\"status\":403"), refused.body());
        }
    }

    /**
     * The dashboard in headless Chromium (devstack/src/test/browser/dashboard.mjs, playwright-core):
     * a hospital's staff log in through Keycloak's own login page, see the map, accept the offer
     * made to their hospital, and see a report published over gRPC reach the open page; then the
     * crisis cell logs in and finds the accepted transfer on its board. Screenshots in
     * devstack/target/dashboard-screenshots. Skipped where Chromium or the script's npm package
     * is missing, unless RENFORT_BROWSER_TESTS=required (as .ci/run sets it, after installing both).
     */
    @Test
    void hospitalStaffAcceptAnOfferInTheDashboardAndSeeTheRegionLive() throws Exception {
        Path script = config.root().resolve("devstack/src/test/browser");
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        boolean ready = Files.isDirectory(script.resolve("node_modules/playwright-core")) && Files.isExecutable(chromium);
        String why = "the browser test needs " + chromium + " (Debian package chromium) and `npm ci --prefix " + script + "`";
        if ("required".equals(System.getenv("RENFORT_BROWSER_TESTS"))) {
            assertTrue(ready, why);
        }
        Assumptions.assumeTrue(ready, why);

        String brest = "290000016";
        registerTestHospitals(List.of(brest), "29", 48.37, -4.49, BedCategory.BED_CATEGORY_PAEDIATRIC_ICU, 6, 2, 4);
        String staffPassword = new RealmAdmin(config.realmUrl()).registerHospitalStaff("staff-brest", brest);
        Path screenshots = config.root().resolve("devstack/target/dashboard-screenshots");
        Path log = config.root().resolve("devstack/target/dashboard-browser.log");
        ProcessBuilder builder = new ProcessBuilder("node", "dashboard.mjs").directory(script.toFile())
                .redirectError(log.toFile());
        builder.environment().putAll(Map.of("GATEWAY_URL", config.gatewayUrl(), "SCREENSHOT_DIR", screenshots.toString(),
                "HOSPITAL_ID", brest, "STAFF_USERNAME", "staff-brest", "STAFF_PASSWORD", staffPassword,
                "COORDINATOR_USERNAME", "coordinator", "COORDINATOR_PASSWORD", "coordinator", "CHROMIUM", chromium.toString()));
        Process browser = builder.start();
        BlockingQueue<String> said = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(browser.getInputStream()))
                .lines().forEach(said::add));
        reader.setDaemon(true);
        reader.start();
        try (java.io.PrintWriter tell = new java.io.PrintWriter(browser.getOutputStream(), true)) {
            java.util.function.Function<String, String> await = word -> {
                try {
                    String line = said.poll(90, TimeUnit.SECONDS);
                    assertTrue(line != null && line.startsWith(word), "the page did not get to " + word + " (said " + line + "): "
                            + readQuietly(log));
                    return line;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            };
            assertTrue(Integer.parseInt(await.apply("MAP").substring(4)) >= 5, "the map shows every hospital");

            CreateTransferRequest request = fieldRequest(48.39, -4.49, BedCategory.BED_CATEGORY_PAEDIATRIC_ICU, Acuity.ACUITY_URGENT);
            Transfer created = transfer(tokens.password("dispatcher", "dispatcher")).createTransfer(request).getTransfer();
            tell.println("OFFERED " + request.getRequirements().getPatientReference());
            await.apply("ACCEPTED");
            String coordinator = tokens.password("coordinator", "coordinator");
            Transfer accepted = awaitTransfer(coordinator, created, t -> t.getStatus() == TransferStatus.TRANSFER_STATUS_ACCEPTED);
            assertEquals(brest, accepted.getDestinationHospitalId(), "accepted by the hospital of the staff logged in");

            capacity(coordinator).publishCapacity(bedsReport(brest, BedCategory.BED_CATEGORY_PAEDIATRIC_ICU, 17, 12, 5));
            tell.println("REPORTED 17");
            await.apply("LIVE");
            tell.println("COORDINATOR " + created.getTransferId());
            await.apply("DONE");
        } finally {
            if (!browser.waitFor(30, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
        }
        assertEquals(0, browser.exitValue(), () -> readQuietly(log));
        for (String shot : List.of("1-staff-region", "2-staff-offer", "3-staff-after-report", "4-coordinator")) {
            assertTrue(Files.size(screenshots.resolve(shot + ".png")) > 10_000, shot);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static int indexOf(List<EventStreamClient.Event> events, String hospitalId) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).data().contains("\"hospitalId\":\"" + hospitalId + "\"")) {
                return i;
            }
        }
        return -1;
    }

    @Test
    @Tag(ONE_PROCESS_FAULT)
    void transferServiceResynchronisesFromASnapshotWhenCapacityServiceRestartsWithoutItsPosition() {
        double before = transferMetric("renfort_region_watch_resyncs_total");
        String hazebrouck = "590000041";
        String system = tokens.clientCredentials("system-hazebrouck", "system-hazebrouck-secret");
        stack.stopCapacityService();
        try {
            // Changes made meanwhile through the other instance: the restarted one starts past them
            // and no longer keeps the position transfer-service's regional stream stopped at.
            CapacityServiceGrpc.newBlockingStub(secondInstance()).withCallCredentials(new BearerToken(system))
                    .withDeadlineAfter(10, TimeUnit.SECONDS).publishCapacity(icuReport(hazebrouck, 9, 3, 6));
        } finally {
            stack.startCapacityService();
        }
        Instant deadline = Instant.now().plusSeconds(60);
        while (transferMetric("renfort_region_watch_resyncs_total") <= before && Instant.now().isBefore(deadline)) {
            pause();
        }
        assertTrue(transferMetric("renfort_region_watch_resyncs_total") > before,
                "transfer-service's regional stream did not start again from a snapshot");
        // And it follows the region again: capacity reads work on the restarted instance.
        assertEquals(6, capacity(system).getHospitalCapacity(org.renfort.proto.capacity.v1.GetHospitalCapacityRequest.newBuilder()
                .setHospitalId(hazebrouck).build()).getCapacity().getCategoriesList().stream()
                .filter(c -> c.getBeds().getCategory() == BedCategory.BED_CATEGORY_ADULT_ICU).findFirst().orElseThrow()
                .getBeds().getAvailable());
    }

    private static double transferMetric(String name) {
        String metrics = given().baseUri("http://localhost:" + config.transferPort()).when().get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void malformedInputAndUnknownHospitalsAreRefusedOnBothHopsWithNothingStored() {
        String coordinator = tokens.password("coordinator", "coordinator");
        String staff = tokens.password("staff-armentieres", "staff-armentieres");
        // Through the gateway to the real transfer-service, which asks the real registry.
        given().auth().oauth2(coordinator).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("""
                        {"origin":{"hospitalId":"620000999"},"patientReference":"UNK-00001","ageBand":"ADULT",
                         "bedCategory":"ADULT_ICU","acuity":"URGENT","maxTravelMinutes":60}""")
                .when().post("/api/v1/transfers")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("origin.hospital_id: hospital 620000999 is not registered"));
        given().auth().oauth2(coordinator).queryParam("status", "REQUESTED").queryParam("hospitalId", "620000999")
                .when().get("/api/v1/transfers").then().statusCode(200).body("transfers.size()", equalTo(0));
        given().auth().oauth2(coordinator).queryParam("hospitalId", "59\u0000").when().get("/api/v1/transfers")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("hospital_id"))
                .body("detail", not(containsString("SQL")));
        given().auth().oauth2(coordinator).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"reason\":\"a\",\"reason\":\"b\"}").when().post("/api/v1/transfers/" + UUID.randomUUID() + "/cancellation")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("reason"));
        // Straight to the services' gRPC edges, as a hospital system would.
        StatusRuntimeException nul = assertStatus(Status.Code.INVALID_ARGUMENT, () -> capacity(staff)
                .getHospital(org.renfort.proto.capacity.v1.GetHospitalRequest.newBuilder().setHospitalId("59\u00000017").build()));
        assertTrue(nul.getStatus().getDescription().startsWith("hospital_id: must not contain control characters"), nul::toString);
        StatusRuntimeException time = assertStatus(Status.Code.INVALID_ARGUMENT, () -> capacity(staff)
                .publishCapacity(icuReport(ARMENTIERES, 10, 5, 5).toBuilder()
                        .setReportedAt(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)).build()));
        assertTrue(time.getStatus().getDescription().startsWith("reported_at: "), time::toString);
        Status notUtf8 = RawGrpcCall.send(transferChannel, "renfort.transfer.v1.TransferService/GetTransfer", staff,
                new byte[]{0x0A, 0x02, (byte) 0xC3, 0x28});
        assertEquals(Status.Code.INVALID_ARGUMENT, notUtf8.getCode(), notUtf8::toString);
    }

    /**
     * A thousand request bodies generated from the OpenAPI document the gateway serves, each
     * breaking one rule of its operation's schema or not being JSON at all (HostileBodies), sent
     * through the real gateway to the real services with a coordinator's token: every answer is
     * a 4xx problem, never a success nor a 5xx, and neither database holds anything more.
     */
    @Test
    @Tag(ONE_PROCESS_FAULT)
    void aThousandMalformedBodiesGeneratedFromTheOpenApiDocumentAreRefusedAndStoreNothing() throws Exception {
        String coordinator = tokens.password("coordinator", "coordinator");
        HostileBodies hostile = new HostileBodies(new ObjectMapper().readTree(given().when().get("/q/openapi?format=json").asString()));
        List<HostileBodies.Operation> operations = hostile.operations();
        assertTrue(operations.size() >= 12, operations::toString);
        Map<String, Long> before = storedByClients();
        Map<String, Map<Integer, Integer>> answers = new java.util.TreeMap<>();
        io.restassured.config.RestAssuredConfig raw = RestAssured.config().encoderConfig(
                io.restassured.config.EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
        hostile.bodies(operations).sampleStream().limit(1_000).forEach(body -> {
            String path = body.operation().path().replace("{hospitalId}", ARMENTIERES)
                    .replaceAll("\\{[a-zA-Z]+\\}", UUID.randomUUID().toString());
            io.restassured.response.Response response = given().config(raw).auth().oauth2(coordinator)
                    .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(body.mediaType()).body(body.content())
                    .request(body.operation().method(), path);
            int status = response.statusCode();
            answers.computeIfAbsent(body.operation().toString(), o -> new java.util.TreeMap<>()).merge(status, 1, Integer::sum);
            assertTrue(status >= 400 && status < 500 && status != 401, () -> status + " to " + body + "\n" + response.asString());
            assertTrue(String.valueOf(response.contentType()).startsWith("application/problem+json"),
                    () -> response.contentType() + " to " + body + "\n" + response.asString());
        });
        System.out.println("malformed bodies, answers by operation: " + answers);
        assertEquals(before, storedByClients());
    }

    /**
     * What callers have stored in either database: rows and allowed audit entries, leaving out
     * what the services write by themselves meanwhile (holds transfer-service places, purges).
     */
    private Map<String, Long> storedByClients() throws java.sql.SQLException {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String database : List.of("renfort_capacity", "renfort_transfer")) {
            String tables = database.equals("renfort_capacity")
                    ? "(select count(*) from hospital) as hospitals, (select count(*) from capacity_report) as reports"
                    : "(select count(*) from transfer) as transfers, (select count(*) from plan) as plans";
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(stack.postgres().jdbcUrl(database),
                    stack.postgres().username(), stack.postgres().password());
                 java.sql.ResultSet row = connection.createStatement().executeQuery("select " + tables
                         + ", (select count(*) from audit_event where outcome = 'ALLOWED' and subject <> 'system'"
                         + " and roles !~ '(^|,)service(,|$)') as allowed")) {
                row.next();
                for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                    counts.put(database + "." + row.getMetaData().getColumnName(i), row.getLong(i));
                }
            }
        }
        return counts;
    }

    @Test
    void aCoordinatorPlansTheEvacuationApprovesItAndTheHospitalSystemsPlaceEveryPatient() throws Exception {
        String coordinator = tokens.password("coordinator", "coordinator");
        Map<String, String> systems = Map.of(
                LILLE, tokens.clientCredentials("system-lille", "system-lille-secret"),
                LOMME, tokens.clientCredentials("system-lomme", "system-lomme-secret"),
                HAZEBROUCK, tokens.clientCredentials("system-hazebrouck", "system-hazebrouck-secret"));
        Map<String, BlockingQueue<WatchOffersResponse>> offers = new HashMap<>();
        systems.forEach((hospital, token) -> offers.put(hospital, watchOffers(token)));
        // The demo region's other hospitals have no information system here to answer: left out of this plan.
        List<String> others = capacity(coordinator).getRegionSnapshot(GetRegionSnapshotRequest.getDefaultInstance())
                .getHospitalsList().stream().map(h -> h.getHospital().getHospitalId())
                .filter(id -> !systems.containsKey(id) && !id.equals(ARMENTIERES)).toList();
        String excluded = others.stream().map(id -> "\"" + id + "\"").collect(java.util.stream.Collectors.joining(","));

        String planId = given().auth().oauth2(coordinator).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("""
                        {"groups":[
                          {"reference":"medicine-red","origin":{"hospitalId":"590000017"},"count":2,"bedCategory":"MEDICINE",
                           "acuity":"IMMEDIATE","ageBand":"ADULT","maxTravelMinutes":120,"excludedHospitalIds":[%1$s]},
                          {"reference":"medicine-green","origin":{"hospitalId":"590000017"},"count":4,"bedCategory":"MEDICINE",
                           "acuity":"PLANNED","ageBand":"ELDERLY","maxTravelMinutes":120,"excludedHospitalIds":[%1$s]}],
                         "rules":{"usablePercent":80}}""".formatted(excluded))
                .when().post("/api/v1/plans")
                .then().statusCode(201)
                .body("provenOptimal", equalTo(true))
                .body("optimal.placed", equalTo(6))
                .body("progress.planned", equalTo(6))
                .body("assignments.hospitalId", not(hasItem(ARMENTIERES)))
                .extract().path("planId");

        BlockingQueue<org.renfort.proto.plan.v1.WatchPlanResponse> progress = new LinkedBlockingQueue<>();
        org.renfort.proto.plan.v1.PlanServiceGrpc.newStub(transferChannel).withCallCredentials(new BearerToken(coordinator))
                .watchPlan(org.renfort.proto.plan.v1.WatchPlanRequest.newBuilder().setPlanId(planId).build(), new StreamObserver<>() {
                    public void onNext(org.renfort.proto.plan.v1.WatchPlanResponse value) {
                        progress.add(value);
                    }

                    public void onError(Throwable t) {
                    }

                    public void onCompleted() {
                    }
                });

        List<String> transferIds = given().auth().oauth2(coordinator).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).body("{}")
                .when().post("/api/v1/plans/{id}/approval", planId)
                .then().statusCode(200).body("transfersCreated", equalTo(6)).body("plan.progress.offered", equalTo(6))
                .extract().path("plan.assignments.transferId");

        // Each hospital system accepts what it is offered: the planned hospital, with a bed on hold.
        java.util.Set<String> answered = new java.util.HashSet<>();
        Instant deadline = Instant.now().plusSeconds(60);
        while (answered.size() < 6 && Instant.now().isBefore(deadline)) {
            for (var entry : offers.entrySet()) {
                WatchOffersResponse next = entry.getValue().poll(100, TimeUnit.MILLISECONDS);
                if (next != null && next.getKind() == OfferEventKind.OFFER_EVENT_KIND_OFFERED
                        && transferIds.contains(next.getOffer().getTransferId()) && answered.add(next.getOffer().getOfferId())) {
                    transfer(systems.get(entry.getKey())).respondToOffer(RespondToOfferRequest.newBuilder()
                            .setOfferId(next.getOffer().getOfferId()).setAccept(AcceptAnswer.getDefaultInstance())
                            .setIdempotencyKey(UUID.randomUUID().toString()).build());
                }
            }
        }
        assertEquals(6, answered.size(), "every patient was offered to a hospital system of the plan");

        given().auth().oauth2(coordinator).when().get("/api/v1/plans/{id}", planId)
                .then().statusCode(200).body("progress.accepted", equalTo(6)).body("progress.offered", equalTo(0));
        Instant streamDeadline = Instant.now().plusSeconds(10);
        boolean seen = false;
        while (!seen && Instant.now().isBefore(streamDeadline)) {
            var next = progress.poll(500, TimeUnit.MILLISECONDS);
            seen = next != null && next.getProgress().getAccepted() == 6;
        }
        assertTrue(seen, "the progress stream showed every patient accepted");
        given().auth().oauth2(coordinator).queryParam("action", "ApprovePlan").when().get("/api/v1/audit")
                .then().statusCode(200).body(containsString(planId));
    }

    @Test
    void aCoordinatorRequestsFollowsAndCancelsATransferThroughTheGateway() {
        String coordinator = tokens.password("coordinator", "coordinator");
        String id = given().auth().oauth2(coordinator).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("""
                        {"origin":{"hospitalId":"590000017"},"patientReference":"ARM-%s","ageBand":"ADULT",
                         "bedCategory":"ADULT_ICU","acuity":"URGENT","maxTravelMinutes":60,"clinicalNote":"sedated"}"""
                        .formatted(UUID.randomUUID().toString().substring(0, 8)))
                .when().post("/api/v1/transfers")
                .then().statusCode(201).body("status", equalTo("REQUESTED")).extract().path("transferId");

        Instant deadline = Instant.now().plusSeconds(30);
        String offerId = null;
        while (offerId == null && Instant.now().isBefore(deadline)) {
            offerId = given().auth().oauth2(coordinator).when().get("/api/v1/transfers/{id}", id)
                    .then().statusCode(200).extract().path("offers.find { it.status == 'OPEN' }.offerId");
            pause();
        }
        assertTrue(offerId != null, "an offer went out");
        given().auth().oauth2(coordinator).queryParam("status", "NEGOTIATING").when().get("/api/v1/transfers")
                .then().statusCode(200).body("transfers.transferId", hasItem(id));

        given().auth().oauth2(coordinator).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"reason\":\"patient stabilised on site\"}").when().post("/api/v1/transfers/{id}/cancellation", id)
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
        given().auth().oauth2(coordinator).contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"answer\":\"ACCEPT\"}").when().post("/api/v1/offers/{id}/answer", offerId)
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("withdrawn"));
        given().auth().oauth2(coordinator).when().get("/api/v1/transfers/{id}", id)
                .then().statusCode(200).body("history.status", hasItem("CANCELLED"))
                .body("history.find { it.status == 'CANCELLED' }.reason", containsString("stabilised"));
    }

    @Test
    @Tag(ONE_PROCESS_FAULT)
    void aKillDashNineInTheMiddleOfANegotiationLosesNothing() {
        // Planned offers expire after 20 s here, so that one can lapse while the service is dead.
        Map<String, String> shortDeadline = Map.of("RENFORT_TRANSFER_DEADLINE_PLANNED", "20s");
        stack.restartTransferService(shortDeadline);
        String coordinator = tokens.password("coordinator", "coordinator");
        List<String> strasbourg = List.of("670000011", "670000019", "670000027");
        registerTestHospitals(strasbourg, "67", 48.58, 7.75, BedCategory.BED_CATEGORY_NEGATIVE_PRESSURE_ISOLATION, 4, 2, 2);
        String dispatcher = tokens.password("dispatcher", "dispatcher");
        Transfer planned = transfer(dispatcher).createTransfer(fieldRequest(Acuity.ACUITY_PLANNED)).getTransfer();
        Transfer urgent = transfer(dispatcher).createTransfer(fieldRequest(Acuity.ACUITY_URGENT)).getTransfer();
        Transfer plannedOffered = awaitTransfer(coordinator, planned, t -> openOffers(t).size() == 1);
        Transfer urgentOffered = awaitTransfer(coordinator, urgent, t -> openOffers(t).size() == 2);
        Offer lapsing = openOffers(plannedOffered).get(0);
        assertEquals(strasbourg.get(0), lapsing.getHospitalId());

        stack.crashTransferService();
        // Acknowledged just before the crash: it must be there afterwards.
        Instant lapsed = Instant.ofEpochSecond(lapsing.getDeadline().getSeconds() + 1);
        while (Instant.now().isBefore(lapsed)) {
            pause();
        }
        stack.restartTransferService(shortDeadline);

        // The offer that expired meanwhile cascades to the next candidate...
        Transfer cascaded = awaitTransfer(coordinator, planned, t -> openOffers(t).size() == 1
                && !openOffers(t).get(0).getOfferId().equals(lapsing.getOfferId()));
        assertEquals(OfferStatus.OFFER_STATUS_EXPIRED, cascaded.getOffersList().stream()
                .filter(o -> o.getOfferId().equals(lapsing.getOfferId())).findFirst().orElseThrow().getStatus());
        // ... and the others keep their offers and deadlines.
        Transfer kept = transfer(coordinator).getTransfer(GetTransferRequest.newBuilder().setTransferId(urgent.getTransferId()).build())
                .getTransfer();
        assertEquals(openOffers(urgentOffered).stream().map(o -> o.getOfferId() + "@" + o.getDeadline().getSeconds()).sorted().toList(),
                openOffers(kept).stream().map(o -> o.getOfferId() + "@" + o.getDeadline().getSeconds()).sorted().toList());
        stack.restartTransferService(Map.of());
    }

    /**
     * A redistribution plan approved, then transfer-service killed (kill -9) at once: after the
     * restart the approval, resent with the same Idempotency-Key, answers as the first time and
     * creates nothing new, and every approved patient gets its directed offer with exactly one
     * bed held - the plan and its approval were durable before they were acknowledged.
     */
    @Test
    @Tag(ONE_PROCESS_FAULT)
    void anApprovedPlanSurvivesAKillDashNineAndItsResentApprovalCreatesNothingNew() {
        String coordinator = tokens.password("coordinator", "coordinator");
        // Its own corner of the map (Rennes) and bed category, so that no other scenario's beds count.
        List<String> rennes = List.of("350000011", "350000019", "350000027");
        registerTestHospitals(rennes, "35", 48.11, -1.68, BedCategory.BED_CATEGORY_PSYCHIATRY, 4, 2, 2);
        String planId = given().auth().oauth2(coordinator).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("""
                        {"groups":[{"reference":"rennes","origin":{"latitude":48.11,"longitude":-1.68},"count":4,
                          "bedCategory":"PSYCHIATRY","acuity":"PLANNED","ageBand":"ADULT","maxTravelMinutes":120}],
                         "rules":{"usablePercent":100}}""")
                .when().post("/api/v1/plans")
                .then().statusCode(201).body("optimal.placed", equalTo(4)).extract().path("planId");
        String approvalKey = UUID.randomUUID().toString();
        List<String> approved = given().auth().oauth2(coordinator).contentType("application/json")
                .header("Idempotency-Key", approvalKey).body("{}")
                .when().post("/api/v1/plans/{id}/approval", planId)
                .then().statusCode(200).body("transfersCreated", equalTo(4))
                .extract().path("plan.assignments.transferId");

        stack.crashTransferService();
        stack.restartTransferService(Map.of());

        List<String> resent = given().auth().oauth2(coordinator).contentType("application/json")
                .header("Idempotency-Key", approvalKey).body("{}")
                .when().post("/api/v1/plans/{id}/approval", planId)
                .then().statusCode(200).body("transfersCreated", equalTo(4))
                .extract().path("plan.assignments.transferId");
        assertEquals(approved, resent, "the resent approval answers with the transfers the first one created");
        Instant deadline = Instant.now().plusSeconds(60);
        int offered = 0;
        while (offered < 4 && Instant.now().isBefore(deadline)) {
            offered = given().auth().oauth2(coordinator).when().get("/api/v1/plans/{id}", planId)
                    .then().statusCode(200).extract().path("progress.offered");
            if (offered < 4) {
                pause();
            }
        }
        assertEquals(4, offered, "every approved patient has its directed offer");
        // The holds reach the regional picture as their changes are applied: read until they are all in.
        int held = 0;
        while (held < 4 && Instant.now().isBefore(deadline)) {
            held = capacity(coordinator).getRegionSnapshot(GetRegionSnapshotRequest.getDefaultInstance()).getHospitalsList().stream()
                    .filter(h -> rennes.contains(h.getHospital().getHospitalId()))
                    .flatMap(h -> h.getCategoriesList().stream())
                    .filter(c -> c.getBeds().getCategory() == BedCategory.BED_CATEGORY_PSYCHIATRY)
                    .mapToInt(org.renfort.proto.capacity.v1.CategoryPicture::getHeld).sum();
            if (held < 4) {
                pause();
            }
        }
        assertEquals(4, held, "exactly one bed held per offer");
        assertEquals(4, given().auth().oauth2(coordinator).when().get("/api/v1/plans/{id}", planId)
                .then().statusCode(200).extract().<Integer>path("progress.offered"), "and no fifth offer");
    }

    /**
     * Two transfer-service instances share the negotiations through leases in the database: one
     * dies (kill -9) right after acknowledging a burst of requests, and the other finishes every
     * negotiation it had started once their leases end - no request lost, no hold twice.
     */
    @Test
    void whenOneOfTwoTransferServiceInstancesIsKilledTheOtherFinishesItsNegotiations() throws Exception {
        // Short leases, so that the takeover comes within seconds; two instances in every run.
        stack.restartTransferService(Map.of("RENFORT_TRANSFER_LEASE", "4s"), Math.max(2, config.replicas()));
        ManagedChannel survivor = ManagedChannelBuilder.forAddress("localhost", stack.transferPorts().get(1)).usePlaintext().build();
        try {
            String coordinator = tokens.password("coordinator", "coordinator");
            List<String> bordeaux = List.of("330000019", "330000027");
            registerTestHospitals(bordeaux, "33", 44.84, -0.58, BedCategory.BED_CATEGORY_MEDICINE, 60, 20, 40);
            int requests = 30;
            List<Transfer> acknowledged = createdAtOnce(requests, () -> fieldRequest(44.84, -0.58,
                    BedCategory.BED_CATEGORY_MEDICINE, Acuity.ACUITY_PLANNED));
            stack.crashTransferInstance(0);
            Instant killed = Instant.now();

            List<Offer> offers = new ArrayList<>();
            for (Transfer t : acknowledged) {
                offers.addAll(openOffers(awaitTransfer(survivor, coordinator, t, seen -> openOffers(seen).size() == 1)));
            }
            assertEquals(requests, offers.size());
            assertTrue(offers.stream().anyMatch(o -> o.getOfferedAt().getSeconds() >= killed.getEpochSecond()),
                    "no negotiation was left for the surviving instance to finish: the kill came too late to test a takeover");
            // Exactly one bed held per open offer, whichever instance placed it.
            Eventually.eventually(() -> bedsHeldAt(coordinator, bordeaux), held -> held == requests);
        } finally {
            survivor.shutdownNow();
            stack.restartTransferService(Map.of());
        }
    }

    /**
     * The gateway killed (kill -9) while a coordinator's request is on its way: the caller cannot
     * know whether it was stored, so it sends it again with the same Idempotency-Key once a
     * gateway answers - and there is exactly one transfer, whichever side of the kill the first
     * attempt fell on.
     */
    @Test
    @Tag(ONE_PROCESS_FAULT)
    void aRequestResentAfterTheGatewayWasKilledIsStoredOnce() {
        String coordinator = tokens.password("coordinator", "coordinator");
        String key = UUID.randomUUID().toString();
        String reference = "ARM-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"origin":{"hospitalId":"590000017"},"patientReference":"%s","ageBand":"ADULT",
                 "bedCategory":"ADULT_ICU","acuity":"PLANNED","maxTravelMinutes":60}""".formatted(reference);
        java.util.concurrent.CompletableFuture<Integer> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return given().auth().oauth2(coordinator).contentType("application/json").header("Idempotency-Key", key)
                        .body(body).when().post("/api/v1/transfers").statusCode();
            } catch (Exception cut) {
                // Cut by the kill (RestAssured rethrows the connection's IOException unchecked).
                return -1;
            }
        });
        stack.crashGatewayInstance(0);
        first.join();
        stack.startCrashedInstances();

        String id = given().auth().oauth2(coordinator).contentType("application/json").header("Idempotency-Key", key)
                .body(body).when().post("/api/v1/transfers").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                .extract().path("transferId");
        List<String> stored = transfer(coordinator).listTransfers(org.renfort.proto.transfer.v1.ListTransfersRequest.newBuilder()
                        .setPageSize(500).build()).getTransfersList().stream()
                .filter(t -> t.getRequirements().getPatientReference().equals(reference)).map(Transfer::getTransferId).toList();
        assertEquals(List.of(id), stored);
    }

    /**
     * capacity-service killed (kill -9, every instance) while transfer-service places the beds of
     * a burst of requests, then started again: every request gets its offer, and exactly one bed
     * is held per offer - the placements that were cut are retried with their idempotency keys,
     * none is lost or made twice.
     */
    @Test
    @Tag(ONE_PROCESS_FAULT)
    void capacityServiceKilledDuringABurstOfPlacementsLosesNoHoldAndMakesNoneTwice() throws Exception {
        List<String> nantes = List.of("440000018", "440000026");
        registerTestHospitals(nantes, "44", 47.22, -1.55, BedCategory.BED_CATEGORY_INTERMEDIATE_CARE, 50, 10, 40);
        String coordinator = tokens.password("coordinator", "coordinator");
        int requests = 20;
        List<Transfer> acknowledged = createdAtOnce(requests, () -> fieldRequest(47.22, -1.55,
                BedCategory.BED_CATEGORY_INTERMEDIATE_CARE, Acuity.ACUITY_PLANNED));
        stack.crashCapacityService();
        stack.startCrashedInstances();

        for (Transfer t : acknowledged) {
            awaitTransfer(coordinator, t, seen -> openOffers(seen).size() == 1);
        }
        Eventually.eventually(() -> bedsHeldAt(coordinator, nantes), held -> held == requests);
    }

    /**
     * Keycloak down (two minutes; -Drenfort.keycloak-outage=PT30S for less) under use: every
     * token already issued keeps working on every hop - each service verifies tokens with the
     * keys it fetched, transfer-service calls capacity-service with the service token it holds
     * (renewed minutes ahead of expiry) - and only new logins fail. Then Keycloak comes back.
     */
    @Test
    @Tag(ONE_PROCESS_FAULT)
    void keycloakDownStopsNoOneWhoAlreadyHoldsAToken() {
        Duration outage = Duration.parse(System.getProperty("renfort.keycloak-outage", "PT2M"));
        List<String> toulouse = List.of("310000013", "310000021");
        registerTestHospitals(toulouse, "31", 43.60, 1.44, BedCategory.BED_CATEGORY_PAEDIATRICS, 40, 10, 30);
        String coordinator = tokens.password("coordinator", "coordinator");
        String dispatcher = tokens.password("dispatcher", "dispatcher");
        stack.stopKeycloak();
        int negotiated = 0;
        try {
            assertThrows(IllegalStateException.class, () -> tokens.password("coordinator", "coordinator"));
            Instant end = Instant.now().plus(outage);
            do {
                Instant next = Instant.now().plusSeconds(10);
                given().auth().oauth2(coordinator).when().get("/api/v1/hospitals/{id}/capacity", toulouse.get(0))
                        .then().statusCode(200);
                capacity(coordinator).publishCapacity(bedsReport(toulouse.get(1), BedCategory.BED_CATEGORY_PAEDIATRICS, 40, 10, 30));
                Transfer t = transfer(dispatcher).createTransfer(fieldRequest(43.60, 1.44, BedCategory.BED_CATEGORY_PAEDIATRICS,
                        Acuity.ACUITY_PLANNED)).getTransfer();
                awaitTransfer(coordinator, t, seen -> openOffers(seen).size() == 1);
                negotiated++;
                while (Instant.now().isBefore(next) && Instant.now().isBefore(end)) {
                    pause();
                }
            } while (Instant.now().isBefore(end));
        } finally {
            stack.startKeycloak();
        }
        assertTrue(negotiated >= 2, "negotiated during the outage: " + negotiated);
        given().auth().oauth2(tokens.password("coordinator", "coordinator")).when()
                .get("/api/v1/hospitals/{id}/capacity", toulouse.get(0)).then().statusCode(200);
    }

    /**
     * PostgreSQL stopped (every session cut) and started again under the running services: what
     * was acknowledged is there, and every service carries on by itself - new requests are
     * negotiated, new reports reach the regional picture, holds still match offers.
     */
    @Test
    void aPostgresRestartLosesNothingAndEveryServiceCarriesOn() {
        Assumptions.assumeTrue(stack.postgres().isEmbedded(), "only the embedded server is restarted by the suite");
        List<String> lyon = List.of("690000011", "690000029");
        registerTestHospitals(lyon, "69", 45.76, 4.84, BedCategory.BED_CATEGORY_SURGERY, 30, 20, 10);
        String coordinator = tokens.password("coordinator", "coordinator");
        String dispatcher = tokens.password("dispatcher", "dispatcher");
        Transfer before = transfer(dispatcher).createTransfer(
                fieldRequest(45.76, 4.84, BedCategory.BED_CATEGORY_SURGERY, Acuity.ACUITY_PLANNED)).getTransfer();
        Offer offeredBefore = openOffers(awaitTransfer(coordinator, before, t -> openOffers(t).size() == 1)).get(0);

        stack.restartPostgres();

        // Acknowledged before: still there once the services have reconnected.
        Transfer kept = Eventually.eventually(() -> {
            try {
                return transfer(coordinator).getTransfer(GetTransferRequest.newBuilder().setTransferId(before.getTransferId()).build())
                        .getTransfer();
            } catch (StatusRuntimeException reconnecting) {
                return null;
            }
        }, t -> t != null);
        assertEquals(List.of(offeredBefore.getOfferId()), openOffers(kept).stream().map(Offer::getOfferId).toList());
        // New work goes through every hop: a request negotiated, a report in the regional picture.
        Transfer after = transfer(dispatcher).createTransfer(
                fieldRequest(45.76, 4.84, BedCategory.BED_CATEGORY_SURGERY, Acuity.ACUITY_PLANNED)).getTransfer();
        awaitTransfer(coordinator, after, t -> openOffers(t).size() == 1);
        String hospital = lyon.get(1);
        capacity(coordinator).publishCapacity(bedsReport(hospital, BedCategory.BED_CATEGORY_SURGERY, 30, 13, 17));
        Eventually.eventually(() -> given().auth().oauth2(coordinator).queryParam("category", "SURGERY")
                .queryParam("latitude", 45.76).queryParam("longitude", 4.84).queryParam("maxTravelMinutes", 30)
                .when().get("/api/v1/beds").then().statusCode(200).extract().jsonPath()
                .getList("candidates.findAll { it.hospital.hospitalId == '" + hospital + "' }.beds.available", Integer.class),
                available -> available.equals(List.of(17)));
        // One bed held per open offer, none lost or doubled by the cut sessions.
        Eventually.eventually(() -> bedsHeldAt(coordinator, lyon), held -> held == 2);
        // Readiness, down while a pool still held a cut connection, comes back by itself.
        for (int port : stack.servicePorts()) {
            Eventually.eventually(() -> given().baseUri("http://localhost:" + port).when().get("/q/health/ready").statusCode(),
                    code -> code == 200);
        }
    }

    /** Requests sent all at once by the dispatcher, straight to transfer-service; each one acknowledged. */
    private static List<Transfer> createdAtOnce(int count, java.util.function.Supplier<CreateTransferRequest> request)
            throws Exception {
        String dispatcher = tokens.password("dispatcher", "dispatcher");
        List<ListenableFuture<org.renfort.proto.transfer.v1.CreateTransferResponse>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            acks.add(TransferServiceGrpc.newFutureStub(transferChannel).withCallCredentials(new BearerToken(dispatcher))
                    .withDeadlineAfter(20, TimeUnit.SECONDS).createTransfer(request.get()));
        }
        List<Transfer> acknowledged = new ArrayList<>();
        for (ListenableFuture<org.renfort.proto.transfer.v1.CreateTransferResponse> ack : acks) {
            acknowledged.add(ack.get(30, TimeUnit.SECONDS).getTransfer());
        }
        return acknowledged;
    }

    /** Beds held at these hospitals, every category, in capacity-service's regional picture. */
    private static int bedsHeldAt(String token, List<String> hospitals) {
        return capacity(token).getRegionSnapshot(GetRegionSnapshotRequest.getDefaultInstance())
                .getHospitalsList().stream().filter(h -> hospitals.contains(h.getHospital().getHospitalId()))
                .flatMap(h -> h.getCategoriesList().stream()).mapToInt(c -> c.getHeld()).sum();
    }

    /**
     * Registers hospitals outside the demo region (the coordinator), 2 km apart northwards from
     * the given point, each publishing the same beds: a scenario's own corner of the map.
     */
    private static void registerTestHospitals(List<String> ids, String department, double latitude, double longitude,
                                              BedCategory category, int staffed, int occupied, int available) {
        String coordinator = tokens.password("coordinator", "coordinator");
        for (int i = 0; i < ids.size(); i++) {
            capacity(coordinator).createHospital(CreateHospitalRequest.newBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                    .setHospital(Hospital.newBuilder().setHospitalId(ids.get(i)).setName("Clinique de test " + ids.get(i))
                            .setKind(HospitalKind.HOSPITAL_KIND_PRIVATE_CLINIC).setDepartment(department).setHasEmergencyDepartment(true)
                            .setLocation(GeoPoint.newBuilder().setLatitude(latitude + 0.02 * (i + 1)).setLongitude(longitude))).build());
            capacity(coordinator).publishCapacity(bedsReport(ids.get(i), category, staffed, occupied, available));
        }
    }

    static boolean replicated() {
        return Integer.getInteger("renfort.replicas", 1) > 1;
    }

    /**
     * ./run.sh --replicas 2: every gateway answers, and keeps answering with one instance of
     * capacity-service and one of transfer-service killed - its gRPC clients leave the dead ones out.
     */
    @Test
    @EnabledIf("replicated")
    void everyGatewayKeepsServingWhileOneInstanceOfEachServiceIsDown() {
        String coordinator = tokens.password("coordinator", "coordinator");
        // Its own corner of the map (Pau), so that its holds take no bed another scenario counts on.
        List<String> pau = List.of("640000019", "640000027");
        registerTestHospitals(pau, "64", 43.30, -0.37, BedCategory.BED_CATEGORY_ADULT_ICU, 20, 10, 10);
        stack.crashCapacityInstance(0);
        stack.crashTransferInstance(0);
        try {
            for (String gateway : config.gatewayUrls()) {
                // The first call may still meet a connection to a dead instance; every one after it must not.
                Eventually.eventually(() -> given().baseUri(gateway).auth().oauth2(coordinator)
                        .get("/api/v1/hospitals/{id}/capacity", LILLE).statusCode(), code -> code == 200);
                Eventually.eventually(() -> given().baseUri(gateway).auth().oauth2(coordinator)
                        .get("/api/v1/transfers").statusCode(), code -> code == 200);
                for (int i = 0; i < 20; i++) {
                    given().baseUri(gateway).auth().oauth2(coordinator).when().get("/api/v1/hospitals/{id}/capacity", LILLE)
                            .then().statusCode(200);
                    given().baseUri(gateway).auth().oauth2(coordinator).when().get("/api/v1/transfers").then().statusCode(200);
                }
                // A request through this gateway is negotiated by the surviving instances.
                String id = given().baseUri(gateway).auth().oauth2(coordinator).contentType("application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .body("""
                                {"origin":{"latitude":43.30,"longitude":-0.37},"patientReference":"SMUR64-%s","ageBand":"ADULT",
                                 "bedCategory":"ADULT_ICU","acuity":"URGENT","maxTravelMinutes":30}"""
                                .formatted(UUID.randomUUID().toString().substring(0, 8)))
                        .when().post("/api/v1/transfers").then().statusCode(201).extract().path("transferId");
                Instant deadline = Instant.now().plusSeconds(30);
                Object offer = null;
                while (offer == null && Instant.now().isBefore(deadline)) {
                    offer = given().baseUri(gateway).auth().oauth2(coordinator).when().get("/api/v1/transfers/{id}", id)
                            .then().statusCode(200).extract().path("offers.find { it.status == 'OPEN' }.offerId");
                    pause();
                }
                assertTrue(offer != null, "no offer went out for a request through " + gateway);
            }
        } finally {
            stack.startCrashedInstances();
        }
    }

    private static CreateTransferRequest fieldRequest(Acuity acuity) {
        return fieldRequest(48.58, 7.75, BedCategory.BED_CATEGORY_NEGATIVE_PRESSURE_ISOLATION, acuity);
    }

    /** A SMUR crew's request from the field, for a bed within 30 minutes. */
    private static CreateTransferRequest fieldRequest(double latitude, double longitude, BedCategory category, Acuity acuity) {
        return CreateTransferRequest.newBuilder()
                .setOrigin(Origin.newBuilder().setPosition(GeoPoint.newBuilder().setLatitude(latitude).setLongitude(longitude)))
                .setRequirements(TransferRequirements.newBuilder().setPatientReference("SMUR-" + UUID.randomUUID().toString().substring(0, 8))
                        .setAgeBand(AgeBand.AGE_BAND_ADULT).setBedCategory(category).setAcuity(acuity).setMaxTravelMinutes(30))
                .setIdempotencyKey(UUID.randomUUID().toString()).build();
    }

    private static List<Offer> openOffers(Transfer t) {
        return t.getOffersList().stream().filter(o -> o.getStatus() == OfferStatus.OFFER_STATUS_OPEN).toList();
    }

    private static Transfer awaitTransfer(String token, Transfer transfer, java.util.function.Predicate<Transfer> condition) {
        return awaitTransfer(transferChannel, token, transfer, condition);
    }

    private static Transfer awaitTransfer(ManagedChannel channel, String token, Transfer transfer,
                                          java.util.function.Predicate<Transfer> condition) {
        Instant deadline = Instant.now().plusSeconds(30);
        Transfer last = null;
        while (Instant.now().isBefore(deadline)) {
            last = transfer(channel, token).getTransfer(GetTransferRequest.newBuilder().setTransferId(transfer.getTransferId()).build())
                    .getTransfer();
            if (condition.test(last)) {
                return last;
            }
            pause();
        }
        throw new AssertionError("transfer never reached the expected state; last seen: " + last);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Transfer transport(String token, Transfer transfer, UpdateTransportRequest.Builder step) {
        return transfer(token).updateTransport(step.setTransferId(transfer.getTransferId())
                .setIdempotencyKey(UUID.randomUUID().toString()).build()).getTransfer();
    }

    private static BlockingQueue<WatchOffersResponse> watchOffers(String token) {
        BlockingQueue<WatchOffersResponse> received = new LinkedBlockingQueue<>();
        TransferServiceGrpc.newStub(transferChannel).withCallCredentials(new BearerToken(token))
                .watchOffers(WatchOffersRequest.getDefaultInstance(), new StreamObserver<>() {
                    public void onNext(WatchOffersResponse value) {
                        received.add(value);
                    }

                    public void onError(Throwable t) {
                    }

                    public void onCompleted() {
                    }
                });
        return received;
    }

    private static WatchOffersResponse nextOffer(BlockingQueue<WatchOffersResponse> stream, Transfer transfer, OfferEventKind kind)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            WatchOffersResponse next = stream.poll(1, TimeUnit.SECONDS);
            if (next != null && next.getKind() == kind && next.getOffer().getTransferId().equals(transfer.getTransferId())) {
                return next;
            }
        }
        throw new AssertionError("no " + kind + " for transfer " + transfer.getTransferId());
    }

    private static PublishCapacityRequest bedsReport(String hospitalId, BedCategory category, int staffed, int occupied, int available) {
        Instant now = Instant.now();
        return PublishCapacityRequest.newBuilder().setHospitalId(hospitalId)
                .setReportedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setIdempotencyKey(UUID.randomUUID().toString())
                .addBeds(BedCount.newBuilder().setCategory(category).setStaffed(staffed).setOccupied(occupied).setAvailable(available))
                .build();
    }

    private static CapacityServiceBlockingStub capacity(String token) {
        return CapacityServiceGrpc.newBlockingStub(capacityChannel).withCallCredentials(new BearerToken(token))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static TransferServiceBlockingStub transfer(String token) {
        return transfer(transferChannel, token);
    }

    private static TransferServiceBlockingStub transfer(ManagedChannel channel, String token) {
        return TransferServiceGrpc.newBlockingStub(channel).withCallCredentials(new BearerToken(token))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static PublishCapacityRequest icuReport(String hospitalId, int staffed, int occupied, int available) {
        Instant now = Instant.now();
        return PublishCapacityRequest.newBuilder().setHospitalId(hospitalId)
                .setReportedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setIdempotencyKey(UUID.randomUUID().toString())
                .addBeds(BedCount.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                        .setStaffed(staffed).setOccupied(occupied).setAvailable(available))
                .build();
    }

    private static StatusRuntimeException assertStatus(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "description: " + e.getStatus().getDescription());
        return e;
    }
}
