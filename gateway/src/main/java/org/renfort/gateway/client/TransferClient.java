package org.renfort.gateway.client;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.RegisterClientInterceptor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.renfort.proto.audit.v1.AuditEvent;
import org.renfort.proto.plan.v1.ApprovePlanRequest;
import org.renfort.proto.plan.v1.ApprovePlanResponse;
import org.renfort.proto.plan.v1.GetPlanRequest;
import org.renfort.proto.plan.v1.MutinyPlanServiceGrpc.MutinyPlanServiceStub;
import org.renfort.proto.plan.v1.Plan;
import org.renfort.proto.plan.v1.PlanRedistributionRequest;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.audit.v1.ListAuditEventsResponse;
import org.renfort.proto.transfer.v1.CancelTransferRequest;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.DirectTransferRequest;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.ListOffersRequest;
import org.renfort.proto.transfer.v1.ListOffersResponse;
import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.ListTransfersResponse;
import org.renfort.proto.transfer.v1.MutinyTransferServiceGrpc.MutinyTransferServiceStub;
import org.renfort.proto.transfer.v1.ReopenTransferRequest;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.RespondToOfferResponse;
import org.renfort.proto.transfer.v1.Transfer;
import org.renfort.proto.transfer.v1.UpdateTransportRequest;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's one way to transfer-service, with the same deadline, retry (reads only) and
 * breaker policy as {@link CapacityClient}. Writes are not retried here: each carries the
 * caller's idempotency key, and the caller resends if it did not get an answer.
 */
@ApplicationScoped
@Timeout(value = 3, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        skipOn = DownstreamAnswer.class)
public class TransferClient {
    @GrpcClient("transfer")
    @RegisterClientInterceptor(CallerContextPropagation.class)
    @RegisterClientInterceptor(OutgoingRequestRules.class)
    MutinyTransferServiceStub transfer;

    @GrpcClient("transfer")
    @RegisterClientInterceptor(CallerContextPropagation.class)
    @RegisterClientInterceptor(OutgoingRequestRules.class)
    MutinyPlanServiceStub plan;

    static final long PLAN_DEADLINE_MS = 15_000;

    public Uni<Transfer> create(CreateTransferRequest request) {
        return stub().createTransfer(request).map(r -> r.getTransfer()).onFailure().transform(DownstreamAnswer::classify);
    }

    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<Transfer> get(String transferId) {
        return stub().getTransfer(GetTransferRequest.newBuilder().setTransferId(transferId).build())
                .map(r -> r.getTransfer()).onFailure().transform(DownstreamAnswer::classify);
    }

    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<ListTransfersResponse> list(ListTransfersRequest request) {
        return stub().listTransfers(request).onFailure().transform(DownstreamAnswer::classify);
    }

    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<ListOffersResponse> offers(ListOffersRequest request) {
        return stub().listOffers(request).onFailure().transform(DownstreamAnswer::classify);
    }

    public Uni<Transfer> cancel(CancelTransferRequest request) {
        return stub().cancelTransfer(request).map(r -> r.getTransfer()).onFailure().transform(DownstreamAnswer::classify);
    }

    public Uni<Transfer> reopen(ReopenTransferRequest request) {
        return stub().reopenTransfer(request).map(r -> r.getTransfer()).onFailure().transform(DownstreamAnswer::classify);
    }

    public Uni<Transfer> direct(DirectTransferRequest request) {
        return stub().directTransfer(request).map(r -> r.getTransfer()).onFailure().transform(DownstreamAnswer::classify);
    }

    public Uni<RespondToOfferResponse> respond(RespondToOfferRequest request) {
        return stub().respondToOffer(request).onFailure().transform(DownstreamAnswer::classify);
    }

    public Uni<Transfer> updateTransport(UpdateTransportRequest request) {
        return stub().updateTransport(request).map(r -> r.getTransfer()).onFailure().transform(DownstreamAnswer::classify);
    }

    /** This service's audit trail (coordinators only: the service checks). */
    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<ListAuditEventsResponse> audit(ListAuditEventsRequest request) {
        return DownstreamAudit.list(transfer.getChannel(), request);
    }

    // ---- redistribution plans (PlanService, served by transfer-service on the same channel) ----

    /** Solving thousands of patients, or creating hundreds of transfers, takes longer than one transfer's call. */
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    public Uni<Plan> plan(PlanRedistributionRequest request) {
        return plans().planRedistribution(request).map(r -> r.getPlan()).onFailure().transform(DownstreamAnswer::classify);
    }

    @Retry(maxRetries = 2, delay = 100, abortOn = DownstreamAnswer.class)
    public Uni<Plan> getPlan(String planId) {
        return plans().getPlan(GetPlanRequest.newBuilder().setPlanId(planId).build()).map(r -> r.getPlan())
                .onFailure().transform(DownstreamAnswer::classify);
    }

    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    public Uni<ApprovePlanResponse> approvePlan(ApprovePlanRequest request) {
        return plans().approvePlan(request).onFailure().transform(DownstreamAnswer::classify);
    }

    private MutinyPlanServiceStub plans() {
        return plan.withDeadlineAfter(PLAN_DEADLINE_MS, TimeUnit.MILLISECONDS);
    }

    private MutinyTransferServiceStub stub() {
        return transfer.withDeadlineAfter(CapacityClient.DEADLINE_MS, TimeUnit.MILLISECONDS);
    }

    /** The standard gRPC health check of transfer-service, for readiness; never throws. */
    public Uni<String> health() {
        return GrpcHealth.check(transfer.getChannel());
    }
}
