package org.renfort.capacity.api.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.ConsumeHoldRequest;
import org.renfort.proto.capacity.v1.ExtendHoldRequest;
import org.renfort.proto.capacity.v1.ExtendHoldOutcome;
import org.renfort.proto.capacity.v1.ExtendHoldsRequest;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.HoldStatus;
import org.renfort.proto.capacity.v1.MutinyCapacityServiceGrpc.MutinyCapacityServiceStub;
import org.renfort.proto.capacity.v1.PlaceHoldRequest;
import org.renfort.proto.capacity.v1.PlaceHoldsRequest;
import org.renfort.proto.capacity.v1.HoldOutcome;
import org.renfort.proto.capacity.v1.HoldRefusalReason;
import org.renfort.proto.capacity.v1.PlaceHoldResponse;
import org.renfort.proto.capacity.v1.ReleaseHoldRequest;
import org.renfort.proto.capacity.v1.RetireHospitalRequest;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.capacity.v1.FacilityStatus;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.renfort.testsupport.Eventually.eventually;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
public class BedHoldsTest {
    static final String SERVICE = TestTokens.user("service-account-transfer-service", "service");
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");
    private static final AtomicInteger IDS = new AtomicInteger(7_000_000);

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @GrpcClient("capacity")
    MutinyCapacityServiceStub mutiny;

    private String hospital;

    @BeforeEach
    void aHospitalWithTenFreeIcuBeds() {
        hospital = "59" + IDS.incrementAndGet();
        as(COORDINATOR).createHospital(CreateHospitalRequest.newBuilder()
                .setHospital(CapacityGrpcServiceTest.hospital(hospital)).setIdempotencyKey(UUID.randomUUID().toString()).build());
        as(COORDINATOR).publishCapacity(CapacityGrpcServiceTest.report(hospital, Instant.now(), 30, 20, 10));
    }

    @Test
    void sixtyConcurrentHoldsForTenFreeBedsGetExactlyTenBeds() {
        AtomicInteger exhausted = new AtomicInteger();
        List<Uni<Boolean>> attempts = IntStream.range(0, 60).mapToObj(i -> mutiny
                .withCallCredentials(new BearerToken(SERVICE))
                .placeHold(hold(hospital, Duration.ofMinutes(15)))
                .map(placed -> true)
                .onFailure(StatusRuntimeException.class).recoverWithItem(e -> {
                    assertEquals(Status.Code.RESOURCE_EXHAUSTED, ((StatusRuntimeException) e).getStatus().getCode(), e.getMessage());
                    exhausted.incrementAndGet();
                    return false;
                })).toList();
        List<Boolean> outcomes = Uni.join().all(attempts).andCollectFailures().await().atMost(Duration.ofSeconds(60));

        assertEquals(10, outcomes.stream().filter(b -> b).count());
        assertEquals(50, exhausted.get());
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, "no ADULT_ICU bed left",
                () -> as(SERVICE).placeHold(hold(hospital, Duration.ofMinutes(15))));
    }

    @Test
    void twoHundredConcurrentHoldsForSevenFreeBedsGetExactlySeven() {
        as(COORDINATOR).publishCapacity(CapacityGrpcServiceTest.report(hospital, Instant.now(), 30, 23, 7));
        List<Uni<Boolean>> attempts = IntStream.range(0, 200).mapToObj(i -> mutiny
                .withCallCredentials(new BearerToken(SERVICE))
                .placeHold(hold(hospital, Duration.ofMinutes(15)))
                .map(placed -> true)
                .onFailure(StatusRuntimeException.class).recoverWithItem(false)).toList();

        List<Boolean> outcomes = Uni.join().all(attempts).andCollectFailures().await().atMost(Duration.ofSeconds(60));

        assertEquals(7, outcomes.stream().filter(b -> b).count());
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, "(available 7, held 7)",
                () -> as(SERVICE).placeHold(hold(hospital, Duration.ofMinutes(15))));
    }

    @Test
    void aPlaceHoldsCallPlacesWhatIsLeftAndRefusesTheRestEachOnItsOwn() {
        String unknown = "59" + IDS.incrementAndGet();
        PlaceHoldsRequest.Builder batch = PlaceHoldsRequest.newBuilder();
        for (int i = 0; i < 12; i++) {
            batch.addHolds(hold(hospital, Duration.ofMinutes(15)));
        }
        batch.addHolds(hold(unknown, Duration.ofMinutes(15)));

        List<HoldOutcome> outcomes = as(SERVICE).placeHolds(batch.build()).getOutcomesList();

        assertEquals(13, outcomes.size());
        assertEquals(10, outcomes.stream().filter(HoldOutcome::hasPlaced).count());
        assertEquals(List.of(9, 8, 7, 6, 5, 4, 3, 2, 1, 0), outcomes.subList(0, 10).stream()
                .map(o -> o.getPlaced().getEffectiveAvailable()).toList());
        assertEquals(HoldRefusalReason.HOLD_REFUSAL_REASON_NO_BED_LEFT, outcomes.get(10).getRefused().getReason());
        assertTrue(outcomes.get(11).getRefused().getDescription().contains("no ADULT_ICU bed left"));
        assertEquals(HoldRefusalReason.HOLD_REFUSAL_REASON_UNKNOWN_HOSPITAL, outcomes.get(12).getRefused().getReason());

        // A resend answers the placed holds as first placed and places nothing more.
        List<HoldOutcome> again = as(SERVICE).placeHolds(batch.build()).getOutcomesList();
        assertEquals(outcomes.subList(0, 10).stream().map(o -> o.getPlaced().getHold().getHoldId()).toList(),
                again.subList(0, 10).stream().map(o -> o.getPlaced().getHold().getHoldId()).toList());
        assertFalse(again.get(10).hasPlaced());

        // Released, a bed goes to the next hold asked for.
        as(SERVICE).releaseHold(ReleaseHoldRequest.newBuilder().setHoldId(outcomes.get(0).getPlaced().getHold().getHoldId()).build());
        assertEquals(0, as(SERVICE).placeHolds(PlaceHoldsRequest.newBuilder().addHolds(hold(hospital, Duration.ofMinutes(15))).build())
                .getOutcomes(0).getPlaced().getEffectiveAvailable());
    }

    @Test
    void holdsAtAnEvacuatingOrRetiredHospitalAreRefusedAndTheOthersOfTheCallPlaced() {
        String evacuating = "59" + IDS.incrementAndGet();
        String retired = "59" + IDS.incrementAndGet();
        for (String id : List.of(evacuating, retired)) {
            as(COORDINATOR).createHospital(CreateHospitalRequest.newBuilder()
                    .setHospital(CapacityGrpcServiceTest.hospital(id)).setIdempotencyKey(UUID.randomUUID().toString()).build());
        }
        PublishCapacityRequest report = CapacityGrpcServiceTest.report(evacuating, Instant.now(), 30, 20, 10);
        as(COORDINATOR).publishCapacity(report.toBuilder().setStatus(report.getStatus().toBuilder()
                .setFacilityStatus(FacilityStatus.FACILITY_STATUS_EVACUATING)).build());
        as(COORDINATOR).publishCapacity(CapacityGrpcServiceTest.report(retired, Instant.now(), 30, 20, 10));
        as(COORDINATOR).retireHospital(RetireHospitalRequest.newBuilder().setHospitalId(retired).setReason("merged")
                .setIdempotencyKey(UUID.randomUUID().toString()).build());

        List<HoldOutcome> outcomes = as(SERVICE).placeHolds(PlaceHoldsRequest.newBuilder()
                .addHolds(hold(evacuating, Duration.ofMinutes(15))).addHolds(hold(hospital, Duration.ofMinutes(15)))
                .addHolds(hold(retired, Duration.ofMinutes(15))).build()).getOutcomesList();

        assertEquals(HoldRefusalReason.HOLD_REFUSAL_REASON_NOT_ACCEPTING, outcomes.get(0).getRefused().getReason());
        assertTrue(outcomes.get(0).getRefused().getDescription().contains("EVACUATING"), outcomes.get(0)::toString);
        assertEquals(9, outcomes.get(1).getPlaced().getEffectiveAvailable());
        assertEquals(HoldRefusalReason.HOLD_REFUSAL_REASON_NOT_ACCEPTING, outcomes.get(2).getRefused().getReason());
        assertTrue(outcomes.get(2).getRefused().getDescription().contains("retired"), outcomes.get(2)::toString);
    }

    @Test
    void aBadPlaceHoldsCallIsRefusedWholeByTheNameOfTheItem() {
        PlaceHoldRequest first = hold(hospital, Duration.ofMinutes(15));
        assertStatus(Status.Code.INVALID_ARGUMENT, "holds[1].idempotency_key", () -> as(SERVICE).placeHolds(
                PlaceHoldsRequest.newBuilder().addHolds(first).addHolds(hold(hospital, Duration.ofMinutes(15)).toBuilder()
                        .setIdempotencyKey(first.getIdempotencyKey())).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "holds[1].expires_at", () -> as(SERVICE).placeHolds(
                PlaceHoldsRequest.newBuilder().addHolds(first).addHolds(hold(hospital, Duration.ofDays(3))).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, "", () -> as(TestTokens.hospital("system", "hospital-system", hospital))
                .placeHolds(PlaceHoldsRequest.newBuilder().addHolds(first).build()));

        assertEquals(9, as(SERVICE).placeHold(first).getEffectiveAvailable(), "nothing was held by the refused calls");
    }

    @Test
    void aReleasedHoldGivesTheBedBackAndAResendReturnsTheSameHold() {
        PlaceHoldRequest request = hold(hospital, Duration.ofMinutes(15));
        PlaceHoldResponse placed = as(SERVICE).placeHold(request);
        assertEquals(9, placed.getEffectiveAvailable());
        assertEquals(placed.getHold().getHoldId(), as(SERVICE).placeHold(request).getHold().getHoldId());

        as(SERVICE).releaseHold(ReleaseHoldRequest.newBuilder().setHoldId(placed.getHold().getHoldId()).build());
        assertEquals(9, as(SERVICE).placeHold(hold(hospital, Duration.ofMinutes(15))).getEffectiveAvailable());
        // A retried release (its answer was lost) is harmless; consuming a released hold is not.
        assertEquals(HoldStatus.HOLD_STATUS_RELEASED, as(SERVICE).releaseHold(ReleaseHoldRequest.newBuilder()
                .setHoldId(placed.getHold().getHoldId()).build()).getHold().getStatus());
        assertEquals(9, as(SERVICE).placeHold(hold(hospital, Duration.ofMinutes(15))).getEffectiveAvailable() + 1);
        assertStatus(Status.Code.FAILED_PRECONDITION, "RELEASED",
                () -> as(SERVICE).consumeHold(ConsumeHoldRequest.newBuilder().setHoldId(placed.getHold().getHoldId()).build()));
    }

    @Test
    void anAcceptedTransferExtendsItsHoldWhichThenOutlivesTheOfferDeadline() {
        PlaceHoldResponse placed = as(SERVICE).placeHold(hold(hospital, Duration.ofSeconds(2)));
        Instant arrival = Instant.now().plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ExtendHoldRequest extend = ExtendHoldRequest.newBuilder().setHoldId(placed.getHold().getHoldId())
                .setExpiresAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(arrival.getEpochSecond())).build();
        assertEquals(arrival.getEpochSecond(), as(SERVICE).extendHold(extend).getHold().getExpiresAt().getSeconds());
        assertEquals(arrival.getEpochSecond(), as(SERVICE).extendHold(extend).getHold().getExpiresAt().getSeconds());

        assertStatus(Status.Code.INVALID_ARGUMENT, "expires_at", () -> as(SERVICE).extendHold(extend.toBuilder()
                .setExpiresAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(Instant.now().plus(Duration.ofDays(2)).getEpochSecond())).build()));
        as(SERVICE).releaseHold(ReleaseHoldRequest.newBuilder().setHoldId(placed.getHold().getHoldId()).build());
        assertStatus(Status.Code.FAILED_PRECONDITION, "RELEASED", () -> as(SERVICE).extendHold(extend));
    }

    /** A pass's acceptances extend their holds in one call, each done or refused on its own, answers in the request's order. */
    @Test
    void severalHoldsAreExtendedInOneCallEachOnItsOwn() {
        String first = as(SERVICE).placeHold(hold(hospital, Duration.ofSeconds(30))).getHold().getHoldId();
        String released = as(SERVICE).placeHold(hold(hospital, Duration.ofSeconds(30))).getHold().getHoldId();
        String second = as(SERVICE).placeHold(hold(hospital, Duration.ofSeconds(30))).getHold().getHoldId();
        as(SERVICE).releaseHold(ReleaseHoldRequest.newBuilder().setHoldId(released).build());
        String unknown = UUID.randomUUID().toString();
        Instant arrival = Instant.now().plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        com.google.protobuf.Timestamp until = com.google.protobuf.Timestamp.newBuilder().setSeconds(arrival.getEpochSecond()).build();
        ExtendHoldsRequest.Builder request = ExtendHoldsRequest.newBuilder();
        for (String id : List.of(first, released, unknown, second)) {
            request.addHolds(ExtendHoldRequest.newBuilder().setHoldId(id).setExpiresAt(until));
        }

        List<ExtendHoldOutcome> outcomes = as(SERVICE).extendHolds(request.build()).getOutcomesList();
        assertEquals(first, outcomes.get(0).getExtended().getHoldId());
        assertEquals(arrival.getEpochSecond(), outcomes.get(0).getExtended().getExpiresAt().getSeconds());
        assertEquals(HoldRefusalReason.HOLD_REFUSAL_REASON_NOT_ACTIVE, outcomes.get(1).getRefused().getReason());
        assertTrue(outcomes.get(1).getRefused().getDescription().contains("RELEASED"), outcomes.get(1).getRefused().getDescription());
        assertEquals(HoldRefusalReason.HOLD_REFUSAL_REASON_UNKNOWN_HOLD, outcomes.get(2).getRefused().getReason());
        assertEquals(arrival.getEpochSecond(), outcomes.get(3).getExtended().getExpiresAt().getSeconds());
        // A resend changes nothing and answers the same.
        assertEquals(outcomes, as(SERVICE).extendHolds(request.build()).getOutcomesList());

        // A malformed item or a hold named twice refuses the whole call, naming the item; nothing moves.
        ExtendHoldsRequest tooFar = request.clone().setHolds(3, ExtendHoldRequest.newBuilder().setHoldId(second)
                .setExpiresAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(Instant.now().plus(Duration.ofDays(2)).getEpochSecond())))
                .setHolds(0, ExtendHoldRequest.newBuilder().setHoldId(first).setExpiresAt(com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(arrival.plusSeconds(60).getEpochSecond())))
                .build();
        assertStatus(Status.Code.INVALID_ARGUMENT, "holds[3].expires_at", () -> as(SERVICE).extendHolds(tooFar));
        assertStatus(Status.Code.INVALID_ARGUMENT, "holds[1].hold_id", () -> as(SERVICE).extendHolds(ExtendHoldsRequest.newBuilder()
                .addHolds(request.getHolds(0)).addHolds(request.getHolds(0)).build()));
        assertEquals(arrival.getEpochSecond(), as(SERVICE).extendHold(request.getHolds(0)).getHold().getExpiresAt().getSeconds());
        assertStatus(Status.Code.PERMISSION_DENIED, "", () -> as(TestTokens.hospital("system", "hospital-system", hospital)).extendHolds(request.build()));
    }

    @Test
    void aConsumedHoldCountsUntilTheNextReportAfterArrival() {
        PlaceHoldResponse placed = as(SERVICE).placeHold(hold(hospital, Duration.ofMinutes(15)));
        assertEquals(HoldStatus.HOLD_STATUS_CONSUMED, as(SERVICE).consumeHold(
                ConsumeHoldRequest.newBuilder().setHoldId(placed.getHold().getHoldId()).build()).getHold().getStatus());
        assertEquals(8, as(SERVICE).placeHold(hold(hospital, Duration.ofMinutes(15))).getEffectiveAvailable());

        // The hospital now counts the arrived patient itself: 21 occupied, 9 available.
        Instant reportedAt = Instant.now();
        as(COORDINATOR).publishCapacity(CapacityGrpcServiceTest.report(hospital, reportedAt, 30, 21, 9));
        // The region is told so with the report: one bed held (the active hold), no longer two.
        eventually(this::regionIcu, icu -> icu.getFreshness().getReportedAt().getSeconds() == reportedAt.getEpochSecond()
                && icu.getFreshness().getReportedAt().getNanos() / 1_000 == reportedAt.getNano() / 1_000);
        assertEquals(1, regionIcu().getHeld());
        assertEquals(7, as(SERVICE).placeHold(hold(hospital, Duration.ofMinutes(15))).getEffectiveAvailable());
    }

    @Test
    void anExpiredHoldReleasesItselfAndIsRecordedAsExpired() {
        Instant expiry = Instant.now().plusSeconds(2);
        for (int i = 0; i < 10; i++) {
            as(SERVICE).placeHold(hold(hospital, Duration.ofMinutes(1)).toBuilder()
                    .setExpiresAt(Timestamp.newBuilder().setSeconds(expiry.getEpochSecond()).setNanos(expiry.getNano())).build());
        }
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, "no ADULT_ICU bed left",
                () -> as(SERVICE).placeHold(hold(hospital, Duration.ofMinutes(15))));
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            try {
                PlaceHoldResponse placed = as(SERVICE).placeHold(hold(hospital, Duration.ofMinutes(15)));
                assertEquals(9, placed.getEffectiveAvailable());
                return;
            } catch (StatusRuntimeException stillHeld) {
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, stillHeld.getStatus().getCode());
            }
        }
        fail("the expired holds did not give their beds back within 15 s");
    }

    @Test
    void badHoldsAreRefusedByName() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "expires_at",
                () -> as(SERVICE).placeHold(hold(hospital, Duration.ofSeconds(-5))));
        assertStatus(Status.Code.INVALID_ARGUMENT, "expires_at",
                () -> as(SERVICE).placeHold(hold(hospital, Duration.ofDays(3))));
        assertStatus(Status.Code.INVALID_ARGUMENT, "category",
                () -> as(SERVICE).placeHold(hold(hospital, Duration.ofMinutes(5)).toBuilder()
                        .setCategory(BedCategory.BED_CATEGORY_UNSPECIFIED).build()));
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, "has not reported any BURNS beds",
                () -> as(SERVICE).placeHold(hold(hospital, Duration.ofMinutes(5)).toBuilder()
                        .setCategory(BedCategory.BED_CATEGORY_BURNS).build()));
        assertStatus(Status.Code.NOT_FOUND, "hold",
                () -> as(SERVICE).releaseHold(ReleaseHoldRequest.newBuilder().setHoldId(UUID.randomUUID().toString()).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, "",
                () -> as(TestTokens.hospital("system", "hospital-system", hospital)).placeHold(hold(hospital, Duration.ofMinutes(5))));
    }

    public static PlaceHoldRequest hold(String hospital, Duration ttl) {
        Instant expires = Instant.now().plus(ttl);
        return PlaceHoldRequest.newBuilder().setHospitalId(hospital).setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                .setTransferReference("T-" + UUID.randomUUID().toString().substring(0, 8))
                .setExpiresAt(Timestamp.newBuilder().setSeconds(expires.getEpochSecond()).setNanos(expires.getNano()))
                .setIdempotencyKey(UUID.randomUUID().toString()).build();
    }

    private org.renfort.proto.capacity.v1.CategoryPicture regionIcu() {
        return as(COORDINATOR).getRegionSnapshot(org.renfort.proto.capacity.v1.GetRegionSnapshotRequest.getDefaultInstance())
                .getHospitalsList().stream().filter(h -> h.getHospital().getHospitalId().equals(hospital)).findFirst().orElseThrow()
                .getCategoriesList().stream().filter(c -> c.getBeds().getCategory() == BedCategory.BED_CATEGORY_ADULT_ICU)
                .findFirst().orElseThrow();
    }

    private CapacityServiceBlockingStub as(String token) {
        return capacity.withCallCredentials(new BearerToken(token));
    }

    private static void assertStatus(Status.Code code, String part, org.junit.jupiter.api.function.Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "description: " + e.getStatus().getDescription());
        assertTrue(String.valueOf(e.getStatus().getDescription()).contains(part), () -> e.getStatus().getDescription());
    }
}
