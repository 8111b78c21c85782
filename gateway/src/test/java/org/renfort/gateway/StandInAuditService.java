package org.renfort.gateway;

import com.google.protobuf.Timestamp;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.proto.audit.v1.AuditEvent;
import org.renfort.proto.audit.v1.AuditOutcome;
import org.renfort.proto.audit.v1.AuditService;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.audit.v1.ListAuditEventsResponse;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Stands in for the audit trail of both services (the test application serves it for both
 * downstreams). It keeps the last request so tests can check what the gateway asked for.
 */
@GrpcService
public class StandInAuditService implements AuditService {
    static final AtomicReference<ListAuditEventsRequest> LAST = new AtomicReference<>();

    @Override
    @RolesAllowed("coordinator")
    public Uni<ListAuditEventsResponse> listAuditEvents(ListAuditEventsRequest request) {
        LAST.set(request);
        AuditEvent older = AuditEvent.newBuilder().setEventId("00000000-0000-4000-8000-000000000001").setService("stand-in").setSubject("staff-lille")
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_707_630_000L))
                .setAction("PublishCapacity").setTarget("590000017").setTargetHospitalId("590000017")
                .setOutcome(AuditOutcome.AUDIT_OUTCOME_DENIED).setDetail("not its hospital").setRequestId("r-1").build();
        AuditEvent newer = older.toBuilder().setEventId("00000000-0000-4000-8000-000000000002").setSubject("coordinator")
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_707_630_060L))
                .setOutcome(AuditOutcome.AUDIT_OUTCOME_ALLOWED).setDetail("on behalf of 590000017").build();
        return Uni.createFrom().item(ListAuditEventsResponse.newBuilder().addEvents(older).addEvents(newer).build());
    }
}
