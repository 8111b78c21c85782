package org.renfort.capacity.api.grpc;

import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.audit.v1.AuditEvent;
import org.renfort.proto.audit.v1.AuditOutcome;
import org.renfort.proto.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceBlockingStub;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class AuditTrailTest {
    static final String HOSPITAL = "590000539";
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");

    @GrpcClient("capacity")
    CapacityServiceBlockingStub capacity;

    @GrpcClient("capacity")
    AuditServiceBlockingStub audit;

    @Test
    void anOnBehalfReportIsAuditedWithItsRequestIdAndADeniedOneToo() {
        capacity.withCallCredentials(new BearerToken(COORDINATOR)).createHospital(CreateHospitalRequest.newBuilder()
                .setHospital(CapacityGrpcServiceTest.hospital(HOSPITAL)).setIdempotencyKey("audit-" + HOSPITAL).build());
        String requestId = "req-" + UUID.randomUUID();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), requestId);
        capacity.withCallCredentials(new BearerToken(COORDINATOR))
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .publishCapacity(CapacityGrpcServiceTest.report(HOSPITAL, Instant.now(), 10, 5, 2));

        String intruder = TestTokens.hospital("staff-elsewhere", "hospital-staff", "620000999");
        assertThrows(StatusRuntimeException.class, () -> capacity.withCallCredentials(new BearerToken(intruder))
                .publishCapacity(CapacityGrpcServiceTest.report(HOSPITAL, Instant.now(), 10, 0, 10)));

        List<AuditEvent> events = audit.withCallCredentials(new BearerToken(COORDINATOR)).listAuditEvents(
                ListAuditEventsRequest.newBuilder().setHospitalId(HOSPITAL).setAction("PublishCapacity").build()).getEventsList();
        AuditEvent allowed = events.stream().filter(e -> e.getOutcome() == AuditOutcome.AUDIT_OUTCOME_ALLOWED).findFirst().orElseThrow();
        assertEquals("coordinator", allowed.getSubject());
        assertEquals(requestId, allowed.getRequestId());
        assertTrue(allowed.getDetail().startsWith("on behalf of " + HOSPITAL), allowed.getDetail());
        AuditEvent denied = events.stream().filter(e -> e.getOutcome() == AuditOutcome.AUDIT_OUTCOME_DENIED).findFirst().orElseThrow();
        assertEquals("staff-elsewhere", denied.getSubject());
        assertEquals("620000999", denied.getCallerHospitalId());
        assertEquals(HOSPITAL, denied.getTargetHospitalId());
        assertFalse(denied.getDetail().contains("Bearer"));
    }

    @Test
    void aCallRefusedByRoleIsAuditedAsDenied() {
        String dispatcher = TestTokens.user("dispatcher-audited", "dispatcher");
        assertThrows(StatusRuntimeException.class, () -> capacity.withCallCredentials(new BearerToken(dispatcher))
                .publishCapacity(CapacityGrpcServiceTest.report(HOSPITAL, Instant.now(), 10, 5, 2)));
        // Recorded as the call is refused, without holding the answer: poll with a deadline.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            List<AuditEvent> events = audit.withCallCredentials(new BearerToken(COORDINATOR)).listAuditEvents(
                    ListAuditEventsRequest.newBuilder().setSubject("dispatcher-audited").build()).getEventsList();
            if (!events.isEmpty()) {
                assertEquals("PublishCapacity", events.get(0).getAction());
                assertEquals(AuditOutcome.AUDIT_OUTCOME_DENIED, events.get(0).getOutcome());
                assertEquals(List.of("dispatcher"), events.get(0).getRolesList());
                return;
            }
        }
        fail("the refused call was not audited within 10 s");
    }
}
