package org.renfort.capacity.api.grpc;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.PlaceHoldsRequest;
import org.renfort.proto.capacity.v1.ReleaseHoldRequest;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.QueryPlans;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Hibernate caches a plan per query; a query whose cache key never matches (a native select with a
 * dynamic result mapping) is planned again on every call and leaves one more entry behind, until
 * the cache is full and each lookup walks a bucket of colliding keys. Found in a flight recording
 * of the transfer benchmark (18 % of the service's samples); this keeps the hot paths off it.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class QueryPlanCacheTest {
    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void holdsAreNotPlannedAgainOnEveryCall() {
        String hospital = "598" + (100_000 + (int) (Math.random() * 800_000));
        as(BedHoldsTest.COORDINATOR).createHospital(CreateHospitalRequest.newBuilder()
                .setHospital(CapacityGrpcServiceTest.hospital(hospital)).setIdempotencyKey(UUID.randomUUID().toString()).build());
        as(BedHoldsTest.COORDINATOR).publishCapacity(CapacityGrpcServiceTest.report(hospital, Instant.now(), 30, 25, 2));
        QueryPlans.assertPlannedOnce(sessions.getStatistics(), 20, () -> placeAndRelease(hospital));
    }

    private void placeAndRelease(String hospital) {
        PlaceHoldsRequest three = PlaceHoldsRequest.newBuilder() // two beds free: one refusal too
                .addHolds(BedHoldsTest.hold(hospital, Duration.ofMinutes(15)))
                .addHolds(BedHoldsTest.hold(hospital, Duration.ofMinutes(15)))
                .addHolds(BedHoldsTest.hold(hospital, Duration.ofMinutes(15))).build();
        as(BedHoldsTest.SERVICE).placeHolds(three).getOutcomesList().stream().filter(o -> o.hasPlaced())
                .forEach(o -> as(BedHoldsTest.SERVICE).releaseHold(ReleaseHoldRequest.newBuilder()
                        .setHoldId(o.getPlaced().getHold().getHoldId()).build()));
    }

    private CapacityServiceBlockingStub as(String token) {
        return capacity.withCallCredentials(new BearerToken(token));
    }
}
