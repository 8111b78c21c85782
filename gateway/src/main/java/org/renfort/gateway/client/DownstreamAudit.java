package org.renfort.gateway.client;

import io.grpc.Channel;
import io.smallrye.mutiny.Uni;
import org.renfort.proto.audit.v1.AuditEvent;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.audit.v1.ListAuditEventsResponse;
import org.renfort.proto.audit.v1.MutinyAuditServiceGrpc;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads a service's audit trail (renfort.audit.v1, served by every service that owns data). */
final class DownstreamAudit {
    private DownstreamAudit() {
    }

    static Uni<ListAuditEventsResponse> list(Channel channel, ListAuditEventsRequest request) {
        return MutinyAuditServiceGrpc.newMutinyStub(channel).withDeadlineAfter(CapacityClient.DEADLINE_MS, TimeUnit.MILLISECONDS)
                .listAuditEvents(request).onFailure().transform(DownstreamAnswer::classify);
    }
}
