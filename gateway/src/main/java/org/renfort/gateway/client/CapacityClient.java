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
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.FindBedsResponse;
import org.renfort.proto.capacity.v1.GetCapacityHistoryRequest;
import org.renfort.proto.capacity.v1.GetHospitalCapacityRequest;
import org.renfort.proto.capacity.v1.GetRegionSnapshotRequest;
import org.renfort.proto.capacity.v1.GetRegionSnapshotResponse;
import org.renfort.proto.capacity.v1.HistoryPoint;
import org.renfort.proto.capacity.v1.ListOverdueHospitalsRequest;
import org.renfort.proto.capacity.v1.ListOverdueHospitalsResponse;
import org.renfort.proto.capacity.v1.GetHospitalRequest;
import org.renfort.proto.capacity.v1.HospitalCapacity;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.ListHospitalsRequest;
import org.renfort.proto.capacity.v1.ListHospitalsResponse;
import org.renfort.proto.capacity.v1.GetCapacityHistoryResponse;
import org.renfort.proto.audit.v1.ListAuditEventsResponse;
import org.renfort.proto.capacity.v1.MutinyCapacityServiceGrpc.MutinyCapacityServiceStub;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.capacity.v1.PublishCapacityResponse;
import org.renfort.proto.capacity.v1.RetireHospitalRequest;
import org.renfort.proto.capacity.v1.UpdateHospitalRequest;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's one way to capacity-service: a deadline on every call, retries for reads only
 * (a publish carries an idempotency key but is left to the caller to resend), and a breaker
 * that opens on faults, never on the caller's own mistakes.
 */
@ApplicationScoped
@Timeout(value = 3, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        skipOn = DownstreamAnswer.class)
public class CapacityClient {
    /** The gRPC deadline of every call to a Renfort service. */
    static final long DEADLINE_MS = 2_000;

    @GrpcClient("capacity")
    @RegisterClientInterceptor(CallerContextPropagation.class)
    @RegisterClientInterceptor(OutgoingRequestRules.class)
    MutinyCapacityServiceStub capacity;

    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<Hospital> hospital(String hospitalId) {
        return stub().getHospital(GetHospitalRequest.newBuilder().setHospitalId(hospitalId).build())
                .map(r -> r.getHospital()).onFailure().transform(DownstreamAnswer::classify);
    }

    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<ListHospitalsResponse> hospitals(ListHospitalsRequest request) {
        return stub().listHospitals(request).onFailure().transform(DownstreamAnswer::classify);
    }

    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<HospitalCapacity> capacity(String hospitalId) {
        return stub().getHospitalCapacity(GetHospitalCapacityRequest.newBuilder().setHospitalId(hospitalId).build())
                .map(r -> r.getCapacity()).onFailure().transform(DownstreamAnswer::classify);
    }

    public Uni<Hospital> createHospital(CreateHospitalRequest request) {
        return stub().createHospital(request).map(r -> r.getHospital()).onFailure().transform(DownstreamAnswer::classify);
    }

    public Uni<Hospital> updateHospital(UpdateHospitalRequest request) {
        return stub().updateHospital(request).map(r -> r.getHospital()).onFailure().transform(DownstreamAnswer::classify);
    }

    public Uni<Hospital> retireHospital(RetireHospitalRequest request) {
        return stub().retireHospital(request).map(r -> r.getHospital()).onFailure().transform(DownstreamAnswer::classify);
    }

    public Uni<PublishCapacityResponse> publish(PublishCapacityRequest request) {
        return stub().publishCapacity(request).onFailure().transform(DownstreamAnswer::classify);
    }

    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<GetRegionSnapshotResponse> snapshot() {
        return stub().getRegionSnapshot(GetRegionSnapshotRequest.getDefaultInstance())
                .onFailure().transform(DownstreamAnswer::classify);
    }

    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<FindBedsResponse> findBeds(FindBedsRequest request) {
        return stub().findBeds(request).onFailure().transform(DownstreamAnswer::classify);
    }

    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<ListOverdueHospitalsResponse> overdue() {
        return stub().listOverdueHospitals(ListOverdueHospitalsRequest.getDefaultInstance())
                .onFailure().transform(DownstreamAnswer::classify);
    }

    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<GetCapacityHistoryResponse> history(GetCapacityHistoryRequest request) {
        return stub().getCapacityHistory(request).onFailure().transform(DownstreamAnswer::classify);
    }

    /** This service's audit trail (coordinators only: the service checks). */
    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<ListAuditEventsResponse> audit(ListAuditEventsRequest request) {
        return DownstreamAudit.list(capacity.getChannel(), request);
    }

    /** The standard gRPC health check of capacity-service, for readiness; never throws. */
    public Uni<String> health() {
        return GrpcHealth.check(capacity.getChannel());
    }

    private MutinyCapacityServiceStub stub() {
        return capacity.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
    }
}
