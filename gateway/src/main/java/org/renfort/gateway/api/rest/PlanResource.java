package org.renfort.gateway.api.rest;

import io.grpc.Metadata;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.renfort.gateway.api.rest.PlanDtos.ApprovalInput;
import org.renfort.gateway.api.rest.PlanDtos.ApprovedView;
import org.renfort.gateway.api.rest.PlanDtos.PlanInput;
import org.renfort.gateway.api.rest.PlanDtos.PlanView;
import org.renfort.gateway.client.LiveStreams;
import org.renfort.gateway.client.TransferClient;
import org.renfort.kernel.Role;

/**
 * Region-wide redistribution plans for the crisis cell (coordinators): plan on the live picture,
 * approve whole or by group (one transfer per patient, offered first to its planned hospital),
 * follow the progress. Served by transfer-service's PlanService.
 */
@Path("/api/v1/plans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Redistribution plans", description = "Optimal placement of a whole hospital's patients across the region, approved by the crisis cell and negotiated in bulk")
@SecurityRequirement(name = "renfort")
@RolesAllowed(Role.Names.COORDINATOR)
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "Coordinators only")
public class PlanResource {
    private final TransferClient transfers;
    private final PlanRestMapper mapper;
    private final LiveStreams streams;
    private final ServerSentEvents events;
    private final SecurityIdentity caller;

    PlanResource(TransferClient transfers, PlanRestMapper mapper, LiveStreams streams, ServerSentEvents events, SecurityIdentity caller) {
        this.transfers = transfers;
        this.mapper = mapper;
        this.streams = streams;
        this.events = events;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "planRedistribution", summary = "Compute a redistribution plan on the live regional picture: the optimum (acuity-weighted travel, "
            + "OR-Tools min-cost flow) beside the nearest-free-bed plan, every patient's destination or why it has none. "
            + "Nothing is offered until the plan is approved.")
    @APIResponse(responseCode = "201", description = "Computed and stored (or the same request resent with the same key)")
    @APIResponse(responseCode = "400", description = "A malformed request (the field is named)")
    @APIResponse(responseCode = "404", description = "A hospital the request names is not registered (the field is named)")
    @APIResponse(responseCode = "503", description = "The regional picture cannot be read now")
    public Uni<RestResponse<PlanView>> plan(@HeaderParam("Idempotency-Key") @Parameter(required = true) @Size(max = InputLimits.IDEMPOTENCY_KEY) String idempotencyKey,
                                            @Valid PlanInput request) {
        return Uni.createFrom().deferred(() -> transfers.plan(mapper.toRequest(request, idempotencyKey)))
                .map(p -> RestResponse.status(RestResponse.Status.CREATED, mapper.toView(p)));
    }

    @GET
    @Path("/{planId}")
    @Operation(operationId = "getPlan", summary = "A plan with every patient's assignment and its progress (planned, offered, accepted, in transit, "
            + "arrived, unplaced, cancelled)")
    @APIResponse(responseCode = "404", description = "Unknown plan")
    @APIResponseSchema(value = PlanView.class, responseCode = "200", responseDescription = "The plan and its progress")
    public Uni<PlanView> get(@PathParam("planId") @Size(max = InputLimits.UUID) String planId) {
        return transfers.getPlan(planId).map(mapper::toView);
    }

    @POST
    @Path("/{planId}/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "approvePlan", summary = "Approve the plan, whole or some groups: one transfer per placed patient, each offered first to its "
            + "planned hospital with a bed on hold; all created, or none")
    @APIResponse(responseCode = "400", description = "A malformed approval or an unknown group (named)")
    @APIResponse(responseCode = "404", description = "Unknown plan")
    @APIResponse(responseCode = "409", description = "The plan's picture is too old (plan again), a group is already approved, "
            + "or a patient already has a live transfer")
    @APIResponseSchema(value = ApprovedView.class, responseCode = "200", responseDescription = "What the approval created")
    public Uni<ApprovedView> approve(@PathParam("planId") @Size(max = InputLimits.UUID) String planId,
                                     @HeaderParam("Idempotency-Key") @Parameter(required = true) @Size(max = InputLimits.IDEMPOTENCY_KEY) String idempotencyKey,
                                     @Valid ApprovalInput approval) {
        return Uni.createFrom().deferred(() -> transfers.approvePlan(mapper.toApproval(planId, approval, idempotencyKey)))
                .map(r -> new ApprovedView(r.getTransfersCreated(), mapper.toView(r.getPlan())));
    }

    @GET
    @Path("/{planId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(operationId = "watchPlan", summary = "A redistribution plan's progress, live: a `progress` event (a PlanProgressEvent) "
            + "with every assignment first, then with those whose status changed. Each connection starts with the whole "
            + "state, so Last-Event-ID is not needed")
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = PlanDtos.ProgressEventView.class)))
    @APIResponse(responseCode = "404", description = "No such plan")
    @APIResponse(responseCode = "503", description = "transfer-service is not answering; retry after Retry-After")
    public Multi<OutboundSseEvent> progress(@PathParam("planId") @Size(max = InputLimits.UUID) String planId, @Context Sse sse) {
        Metadata on = streams.caller();
        ServerSentEvents.checkFirst(transfers.getPlan(planId));
        return events.serve("plan", sse, caller, streams.plan(on, planId).map(r -> ServerSentEvents.event(sse, "progress",
                null, mapper.toView(r))));
    }
}
