package org.renfort.capacity.api.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.ListHospitalsRequest;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;
import org.renfort.tokencache.VerifiedTokens;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verified-token cache as wired into the service: it saves work, never a check. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class VerifiedTokenCacheTest {
    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @Inject
    VerifiedTokens tokens;

    @Test
    void aTokenIsVerifiedOnceThenAnsweredFromTheCache() {
        String token = TestTokens.user("cached-" + UUID.randomUUID(), "coordinator");
        assertTrue(tokens.find(token).isEmpty());

        capacity.withCallCredentials(new BearerToken(token)).listHospitals(ListHospitalsRequest.getDefaultInstance());
        assertTrue(tokens.find(token).isPresent(), "remembered once OIDC verified it");
        long hits = tokens.hits();
        capacity.withCallCredentials(new BearerToken(token)).listHospitals(ListHospitalsRequest.getDefaultInstance());

        assertEquals(hits + 1, tokens.hits(), "the second call is served from the cache");
    }

    @Test
    void aTokenWithAnAlteredSignatureIsRefusedEvenWhenTheGenuineOneIsCached() {
        String genuine = TestTokens.user("genuine-" + UUID.randomUUID(), "coordinator");
        capacity.withCallCredentials(new BearerToken(genuine)).listHospitals(ListHospitalsRequest.getDefaultInstance());
        char last = genuine.charAt(genuine.length() - 2);
        String altered = genuine.substring(0, genuine.length() - 2) + (last == 'A' ? 'B' : 'A') + genuine.charAt(genuine.length() - 1);

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () ->
                capacity.withCallCredentials(new BearerToken(altered)).listHospitals(ListHospitalsRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());
        assertTrue(tokens.find(altered).isEmpty());
    }

    @Test
    void anExpiredTokenIsNeitherAcceptedNorRemembered() {
        String expired = TestTokens.expired();

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () ->
                capacity.withCallCredentials(new BearerToken(expired)).listHospitals(ListHospitalsRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());
        assertTrue(tokens.find(expired).isEmpty());
    }
}
