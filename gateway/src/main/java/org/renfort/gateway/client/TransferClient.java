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
import org.renfort.proto.transfer.v1.MutinyTransferServiceGrpc.MutinyTransferServiceStub;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The gateway's one way to transfer-service, with the same deadline, retry (reads only) and
 * breaker policy as {@link CapacityClient}. The transfer endpoints come with the transfer work.
 */
@ApplicationScoped
@Timeout(value = 3, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        skipOn = DownstreamRefusal.class)
public class TransferClient {
    @GrpcClient("transfer")
    @RegisterClientInterceptor(CallerContextPropagation.class)
    MutinyTransferServiceStub transfer;

    /** This service's audit trail (coordinators only: the service checks). */
    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamRefusal.class)
    public Uni<List<AuditEvent>> audit(ListAuditEventsRequest request) {
        return DownstreamAudit.list(transfer.getChannel(), request);
    }

    /** The standard gRPC health check of transfer-service, for readiness; never throws. */
    public Uni<String> health() {
        return GrpcHealth.check(transfer.getChannel());
    }
}
