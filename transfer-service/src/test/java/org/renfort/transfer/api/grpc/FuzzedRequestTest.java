package org.renfort.transfer.api.grpc;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.OfferStatus;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.TransferRequirements;
import org.renfort.proto.transfer.v1.TransferServiceGrpc.TransferServiceBlockingStub;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;
import org.renfort.testsupport.standin.StandInCapacityService;
import org.renfort.transfer.ServiceTokenStub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random requests, most of them wrong in some way (strings of any character and length, enum
 * numbers that do not exist, coordinates off the globe, numbers out of range, keys reused),
 * generated with jqwik and sent to the real gRPC edge: every answer is a client-error status or
 * a success - never INTERNAL or UNKNOWN, whatever the input - and a refused call leaves the
 * database as it was (the transfers, and the history entries callers write, counted around it).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_transfer"))
class FuzzedRequestTest {
    private static final int SAMPLES = 500;
    private static final Set<Status.Code> ANSWERS = EnumSet.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
            Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION, Status.Code.PERMISSION_DENIED, Status.Code.ALREADY_EXISTS,
            Status.Code.ABORTED);
    private static final String ORIGIN = "597000001";
    private static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");

    @GrpcClient("transfer")
    TransferServiceBlockingStub transfers;

    @OidcWireMock
    WireMockServer oidc;

    /** Any characters (controls, surrogates, line breaks) up to a length. */
    private static Arbitrary<String> text(int maxLength) {
        return Arbitraries.strings().all().ofMaxLength(maxLength);
    }

    private static Arbitrary<Integer> number() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-3, 20), Arbitraries.integers());
    }

    /**
     * A valid request with up to three of its fields replaced by random values: deep enough that
     * many requests pass the contract's rules and reach the registry, the database and the
     * negotiation, wrong enough that every refusal path is taken.
     */
    private static Arbitrary<CreateTransferRequest> createRequests(List<String> reusedKeys) {
        return Combinators.combine(Arbitraries.integers().between(0, 12).list().ofMaxSize(3), text(600), number(),
                        Arbitraries.doubles().between(-200, 200), Arbitraries.of(reusedKeys))
                .as((mutations, s, n, d, reused) -> {
                    CreateTransferRequest.Builder r = CreateTransferRequest.newBuilder()
                            .setOrigin(Origin.newBuilder().setHospitalId(ORIGIN))
                            .setRequirements(TransferRequirements.newBuilder().setPatientReference("P-" + UUID.randomUUID())
                                    .setAgeBand(AgeBand.AGE_BAND_ADULT).setBedCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                                    .setAcuity(Acuity.ACUITY_URGENT).setMaxTravelMinutes(90))
                            .setClinicalNote("Intubated").setIdempotencyKey(UUID.randomUUID().toString());
                    TransferRequirements.Builder req = r.getRequirementsBuilder();
                    for (int m : mutations) {
                        switch (m) {
                            case 0 -> r.setOrigin(Origin.newBuilder().setHospitalId(s.length() > 12 ? s.substring(0, 12) : s));
                            case 1 -> r.setOrigin(Origin.newBuilder().setPosition(GeoPoint.newBuilder().setLatitude(d).setLongitude(d * 2)));
                            case 2 -> req.setPatientReference(s);
                            case 3 -> req.setAgeBandValue(n);
                            case 4 -> req.setBedCategoryValue(n);
                            case 5 -> req.setAcuityValue(n);
                            case 6 -> req.setMaxTravelMinutes(n);
                            case 7 -> req.addRequiredCapabilitiesValue(n);
                            case 8 -> req.addPreferredHospitalIds(s.length() > 9 ? "590000025" : s);
                            case 9 -> req.addExcludedHospitalIds(s.length() > 9 ? "590000025" : s);
                            case 10 -> r.setClinicalNote(s);
                            case 11 -> r.setIdempotencyKey(reused);
                            default -> req.setPatientReference("P-SAME-PATIENT");
                        }
                    }
                    return r.build();
                });
    }

    @Test
    void createTransferNeverAnswersAnInternalError() {
        ServiceTokenStub.register(oidc);
        StandInCapacityService.offer(ORIGIN, "590000025", 20, 10_000);
        String staff = TestTokens.hospital("staff-" + ORIGIN, "hospital-staff", ORIGIN);
        List<String> reused = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        createRequests(reused).sampleStream().limit(SAMPLES).forEach(request -> {
            String token = request.getRequirements().getMaxTravelMinutes() % 2 == 0 ? staff : COORDINATOR;
            check("CreateTransfer", request, () -> transfers.withCallCredentials(new BearerToken(token)).createTransfer(request));
        });
        assertTrue(seen.get("CreateTransfer").getOrDefault(Status.Code.OK, 0) > SAMPLES / 10, "too few requests went deep: " + seen);
    }

    @Test
    void respondToOfferNeverAnswersAnInternalError() {
        ServiceTokenStub.register(oidc);
        StandInCapacityService.offer(ORIGIN, "590000025", 20, 10_000);
        List<String> offers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            var created = transfers.withCallCredentials(new BearerToken(COORDINATOR))
                    .createTransfer(TransferGrpcServiceTest.request(ORIGIN, "R-" + UUID.randomUUID())).getTransfer();
            offers.add(awaitOffer(created.getTransferId()));
        }
        Arbitrary<RespondToOfferRequest> requests = Combinators.combine(Arbitraries.of(offers), text(40),
                        Arbitraries.integers().between(0, 4), number(), text(250),
                        Arbitraries.longs().between(-100_000_000_000L, 400_000_000_000L), Arbitraries.integers().between(0, 3))
                .as((offer, randomId, kind, reason, words, seconds, which) -> {
                    RespondToOfferRequest.Builder r = RespondToOfferRequest.newBuilder().setOfferId(which == 0 ? randomId : offer)
                            .setIdempotencyKey(UUID.randomUUID().toString());
                    switch (kind) {
                        case 0 -> r.getAcceptBuilder();
                        case 1 -> r.getDeclineBuilder().setReasonValue(reason).setText(words);
                        case 2 -> r.getDeferBuilder().setText(words).getAvailableFromBuilder().setSeconds(seconds);
                        case 3 -> r.getDeferBuilder().getAvailableFromBuilder()
                                .setSeconds(Instant.now().getEpochSecond() + 3_600 + Math.floorMod(seconds, 500_000L));
                        default -> {
                        }
                    }
                    return r.build();
                });
        requests.sampleStream().limit(SAMPLES).forEach(request -> check("RespondToOffer", request,
                () -> transfers.withCallCredentials(new BearerToken(COORDINATOR)).respondToOffer(request)));
        assertTrue(seen.get("RespondToOffer").getOrDefault(Status.Code.OK, 0) > 0, "no answer went through: " + seen);
        assertTrue(seen.get("RespondToOffer").getOrDefault(Status.Code.FAILED_PRECONDITION, 0) > 0,
                "no answer came after the offer was closed: " + seen);
    }

    /** The first open offer of a transfer, once its hold is placed. */
    private String awaitOffer(String transferId) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            var open = transfers.withCallCredentials(new BearerToken(COORDINATOR))
                    .getTransfer(GetTransferRequest.newBuilder().setTransferId(transferId).build())
                    .getTransfer().getOffersList().stream()
                    .filter(o -> o.getStatus() == OfferStatus.OFFER_STATUS_OPEN).findFirst();
            if (open.isPresent()) {
                return open.get().getOfferId();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        fail("transfer " + transferId + " never had an open offer");
        return null;
    }

    private final java.util.Map<String, java.util.Map<Status.Code, Integer>> seen = new java.util.concurrent.ConcurrentHashMap<>();

    @org.junit.jupiter.api.AfterEach
    void report() {
        System.out.println("fuzzed answers: " + seen);
        seen.clear();
    }

    /** What callers have stored: negotiation by itself adds history entries, never with a caller's key. */
    private static final String STORED = "select (select count(*) from transfer) as transfers, "
            + "(select count(*) from transfer_event where idempotency_key is not null) as answers";

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private java.util.List<Long> stored() {
        io.vertx.mutiny.sqlclient.Row row = pool.query(STORED).execute().await().atMost(java.time.Duration.ofSeconds(10))
                .iterator().next();
        return java.util.List.of(row.getLong("transfers"), row.getLong("answers"));
    }

    private void check(String rpc, Object request, Runnable call) {
        java.util.List<Long> before = stored();
        Status.Code code;
        String description;
        try {
            call.run();
            code = Status.Code.OK;
            description = "";
        } catch (StatusRuntimeException e) {
            code = e.getStatus().getCode();
            description = e.getStatus().getDescription();
        }
        seen.computeIfAbsent(rpc, r -> new java.util.EnumMap<>(Status.Code.class)).merge(code, 1, Integer::sum);
        if (!ANSWERS.contains(code)) {
            fail(rpc + " answered " + code + " (" + description + ") to:\n" + request);
        }
        if (code != Status.Code.OK) {
            org.junit.jupiter.api.Assertions.assertEquals(before, stored(), rpc + " refused with " + code + " yet stored:\n" + request);
        }
    }
}
