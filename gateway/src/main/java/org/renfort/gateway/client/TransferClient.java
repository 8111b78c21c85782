package org.renfort.gateway.client;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.RegisterClientInterceptor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.renfort.proto.audit.v1.AuditEvent;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.audit.v1.MutinyAuditServiceGrpc;
import org.renfort.proto.transfer.v1.MutinyTransferServiceGrpc.MutinyTransferServiceStub;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's one way to transfer-service, with the same deadline, retry (reads only) and
 * breaker policy as {@link CapacityClient}. The transfer endpoints come with the transfer work.
 */
@ApplicationScoped
public class TransferClient {
    private static final long DEADLINE_MS = 2_000;

    @GrpcClient("transfer")
    @RegisterClientInterceptor(CallerContextPropagation.class)
    MutinyTransferServiceStub transfer;

    /** This service's audit trail (coordinators only: the service checks). */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamRefusal.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = DownstreamRefusal.class)
    public Uni<List<AuditEvent>> audit(ListAuditEventsRequest request) {
        return MutinyAuditServiceGrpc.newMutinyStub(transfer.getChannel()).withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                .listAuditEvents(request).map(r -> r.getEventsList()).onFailure().transform(DownstreamRefusal::classify);
    }

    /** The standard gRPC health check of transfer-service, for readiness; never throws. */
    public Uni<String> health() {
        return GrpcHealth.check(transfer.getChannel());
    }
}
