package org.renfort.gateway.api.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.kernel.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.renfort.gateway.api.rest.TransferDtos.AnswerInput;
import org.renfort.gateway.api.rest.TransferDtos.AnsweredView;
import org.renfort.gateway.api.rest.TransferDtos.DirectionInput;
import org.renfort.gateway.api.rest.TransferDtos.OfferPage;
import org.renfort.gateway.api.rest.TransferDtos.ReasonInput;
import org.renfort.gateway.api.rest.TransferDtos.TransferInput;
import org.renfort.gateway.api.rest.TransferDtos.TransferPage;
import org.renfort.gateway.api.rest.TransferDtos.TransferView;
import org.renfort.gateway.api.rest.TransferDtos.TransportInput;
import org.renfort.gateway.client.TransferClient;

import java.util.List;

/**
 * Transfers for coordinators, hospital staff and dispatch apps. transfer-service decides who may
 * do what (origin, destination, the hospital asked); the gateway checks roles and maps.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Transfers", description = "Patient transfers between hospitals: requests, offers and answers, transport until arrival")
@SecurityRequirement(name = "renfort")
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "The token's roles or hospital do not allow this")
public class TransferResource {
    private final TransferClient transfers;
    private final TransferRestMapper mapper;

    TransferResource(TransferClient transfers, TransferRestMapper mapper) {
        this.transfers = transfers;
        this.mapper = mapper;
    }

    @POST
    @Path("/transfers")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER})
    @Operation(operationId = "createTransfer", summary = "Request a transfer: the origin hospital for its patient, a dispatcher from the field, a coordinator for anyone. "
            + "Negotiation with the best partner hospitals starts at once.")
    @APIResponse(responseCode = "201", description = "Stored (or the same request resent with the same key)")
    @APIResponse(responseCode = "400", description = "A malformed request (the field is named)")
    @APIResponse(responseCode = "409", description = "The patient already has a live transfer")
    public Uni<RestResponse<TransferView>> create(@HeaderParam("Idempotency-Key") @Parameter(required = true) @Size(max = InputLimits.IDEMPOTENCY_KEY) String idempotencyKey,
                                                  @Valid TransferInput request) {
        return Uni.createFrom().deferred(() -> transfers.create(mapper.toRequest(request, idempotencyKey)))
                .map(t -> RestResponse.status(RestResponse.Status.CREATED, mapper.toView(t)));
    }

    @GET
    @Path("/transfers")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER})
    @Operation(operationId = "listTransfers", summary = "Transfers the caller may see, newest first: coordinators all (e.g. ?status=UNPLACED), "
            + "a hospital those from or to it, a dispatcher those it requested or that need transport")
    @APIResponse(responseCode = "400", description = "A malformed filter (named)")
    @APIResponseSchema(value = TransferPage.class, responseCode = "200", responseDescription = "A page of transfers")
    public Uni<RestResponse<TransferPage>> list(@QueryParam("status") @Parameter(description = "repeatable, e.g. UNPLACED") @Size(max = InputLimits.STATUSES) List<String> statuses,
                                  @QueryParam("hospitalId") @Parameter(description = "from or to this hospital") @Size(max = InputLimits.HOSPITAL_ID) String hospitalId,
                                  @QueryParam("acuity") @Parameter(example = "IMMEDIATE") String acuity,
                                  @QueryParam("createdAfter") @Parameter(description = "ISO-8601 instant") String createdAfter,
                                  @QueryParam("createdBefore") @Parameter(description = "ISO-8601 instant") String createdBefore,
                                  @QueryParam("pageSize") @Parameter(description = "1 to 500, default 100") @Min(0) @Max(InputLimits.PAGE_SIZE) Integer pageSize,
                                  @QueryParam("pageToken") @Size(max = InputLimits.PAGE_TOKEN) String pageToken,
                                  @Context UriInfo uri) {
        return Uni.createFrom().deferred(() -> transfers.list(mapper.toList(statuses == null ? List.of() : statuses, hospitalId,
                        acuity, createdAfter, createdBefore, pageSize, pageToken)))
                .map(r -> NextPage.ok(new TransferPage(r.getTransfersList().stream().map(mapper::toView).toList(),
                        r.getNextPageToken().isEmpty() ? null : r.getNextPageToken()), uri, r.getNextPageToken()));
    }

    @GET
    @Path("/transports")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.DISPATCHER})
    @Operation(operationId = "listTransports", summary = "Transfers that need or are under transport (accepted, crew assigned, "
            + "in transit), newest first: a dispatcher those its dispatch centre handles (its token's dispatch_center: the SAMU "
            + "of the origin's department) and those it requested; coordinators all")
    @APIResponseSchema(value = TransferPage.class, responseCode = "200", responseDescription = "A page of transfers")
    @APIResponse(responseCode = "400", description = "A malformed page (named)")
    public Uni<RestResponse<TransferPage>> transports(@QueryParam("pageSize") @Parameter(description = "1 to 500, default 100") @Min(0) @Max(InputLimits.PAGE_SIZE) Integer pageSize,
                                        @QueryParam("pageToken") @Size(max = InputLimits.PAGE_TOKEN) String pageToken,
                                  @Context UriInfo uri) {
        return Uni.createFrom().deferred(() -> transfers.list(mapper.toList(TRANSPORT_STATUSES, null, null, null, null, pageSize, pageToken)))
                .map(r -> NextPage.ok(new TransferPage(r.getTransfersList().stream().map(mapper::toView).toList(),
                        r.getNextPageToken().isEmpty() ? null : r.getNextPageToken()), uri, r.getNextPageToken()));
    }

    private static final List<String> TRANSPORT_STATUSES = List.of("ACCEPTED", "TRANSPORT_ASSIGNED", "IN_TRANSIT");

    @GET
    @Path("/offers")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM})
    @Operation(operationId = "listOffers", summary = "The offers made to a hospital, newest first, with what it needs to decide (e.g. ?status=OPEN): "
            + "a hospital's staff its own, coordinators any hospital's (hospitalId required). Answer with POST /offers/{offerId}/answer.")
    @APIResponse(responseCode = "400", description = "A malformed filter (named)")
    @APIResponse(responseCode = "403", description = "Another hospital's offers")
    @APIResponseSchema(value = OfferPage.class, responseCode = "200", responseDescription = "A page of offers")
    public Uni<RestResponse<OfferPage>> offers(@QueryParam("status") @Parameter(description = "repeatable, e.g. OPEN") @Size(max = InputLimits.STATUSES) List<String> statuses,
                                 @QueryParam("hospitalId") @Parameter(description = "the hospital asked; a hospital's own by default") @Size(max = InputLimits.HOSPITAL_ID) String hospitalId,
                                 @QueryParam("pageSize") @Parameter(description = "1 to 500, default 100") @Min(0) @Max(InputLimits.PAGE_SIZE) Integer pageSize,
                                 @QueryParam("pageToken") @Size(max = InputLimits.PAGE_TOKEN) String pageToken,
                                  @Context UriInfo uri) {
        return Uni.createFrom().deferred(() -> transfers.offers(mapper.toOfferList(statuses == null ? List.of() : statuses, hospitalId,
                        pageSize, pageToken)))
                .map(r -> NextPage.ok(new OfferPage(r.getOffersList().stream().map(mapper::toDecide).toList(),
                        r.getNextPageToken().isEmpty() ? null : r.getNextPageToken()), uri, r.getNextPageToken()));
    }

    @GET
    @Path("/transfers/{transferId}")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER})
    @Operation(operationId = "getTransfer", summary = "One transfer with its history (and its offers, for the origin and coordinators)")
    @APIResponse(responseCode = "404", description = "Unknown transfer")
    @APIResponseSchema(value = TransferView.class, responseCode = "200", responseDescription = "The transfer as it now stands")
    public Uni<TransferView> get(@PathParam("transferId") @Size(max = InputLimits.UUID) String transferId) {
        return transfers.get(transferId).map(mapper::toView);
    }

    @POST
    @Path("/transfers/{transferId}/cancellation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER})
    @Operation(operationId = "cancelTransfer", summary = "Cancel before arrival: open offers are withdrawn and every bed hold released")
    @APIResponse(responseCode = "404", description = "Unknown transfer")
    @APIResponse(responseCode = "409", description = "Already arrived, completed or cancelled (the current state is named)")
    @APIResponseSchema(value = TransferView.class, responseCode = "200", responseDescription = "The transfer as it now stands")
    public Uni<TransferView> cancel(@PathParam("transferId") @Size(max = InputLimits.UUID) String transferId,
                                    @HeaderParam("Idempotency-Key") @Parameter(required = true) @Size(max = InputLimits.IDEMPOTENCY_KEY) String idempotencyKey,
                                    @Valid ReasonInput reason) {
        return transfers.cancel(mapper.toCancel(transferId, reason, idempotencyKey)).map(mapper::toView);
    }

    @POST
    @Path("/transfers/{transferId}/reopening")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.COORDINATOR)
    @Operation(operationId = "reopenTransfer", summary = "Start the negotiation again, forgetting earlier declines (coordinators)")
    @APIResponse(responseCode = "409", description = "The patient is already on the road, arrived or the transfer ended")
    @APIResponseSchema(value = TransferView.class, responseCode = "200", responseDescription = "The transfer as it now stands")
    public Uni<TransferView> reopen(@PathParam("transferId") @Size(max = InputLimits.UUID) String transferId,
                                    @HeaderParam("Idempotency-Key") @Parameter(required = true) @Size(max = InputLimits.IDEMPOTENCY_KEY) String idempotencyKey,
                                    @Valid ReasonInput reason) {
        return transfers.reopen(mapper.toReopen(transferId, reason, idempotencyKey)).map(mapper::toView);
    }

    @POST
    @Path("/transfers/{transferId}/direction")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.COORDINATOR)
    @Operation(operationId = "directTransfer", summary = "Offer the patient to one named hospital, which still has to accept (coordinators)")
    @APIResponse(responseCode = "409", description = "The patient is already on the road, arrived or the transfer ended")
    @APIResponseSchema(value = TransferView.class, responseCode = "200", responseDescription = "The transfer as it now stands")
    public Uni<TransferView> direct(@PathParam("transferId") @Size(max = InputLimits.UUID) String transferId,
                                    @HeaderParam("Idempotency-Key") @Parameter(required = true) @Size(max = InputLimits.IDEMPOTENCY_KEY) String idempotencyKey,
                                    @Valid DirectionInput direction) {
        return transfers.direct(mapper.toDirect(transferId, direction, idempotencyKey)).map(mapper::toView);
    }

    @POST
    @Path("/offers/{offerId}/answer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM})
    @Operation(operationId = "answerOffer", summary = "Accept, decline or defer an offer made to the caller's hospital (a coordinator may answer on its behalf). "
            + "The first accept wins.")
    @APIResponse(responseCode = "400", description = "A malformed answer (the field is named)")
    @APIResponse(responseCode = "404", description = "Unknown offer")
    @APIResponse(responseCode = "409", description = "The offer was withdrawn, expired or already answered (said which)")
    @APIResponseSchema(value = AnsweredView.class, responseCode = "200", responseDescription = "The offer answered and its transfer")
    public Uni<AnsweredView> answer(@PathParam("offerId") @Size(max = InputLimits.UUID) String offerId,
                                    @HeaderParam("Idempotency-Key") @Parameter(required = true) @Size(max = InputLimits.IDEMPOTENCY_KEY) String idempotencyKey,
                                    @Valid AnswerInput answer) {
        return Uni.createFrom().deferred(() -> transfers.respond(mapper.toAnswer(offerId, answer, idempotencyKey)))
                .map(r -> new AnsweredView(mapper.toView(r.getOffer()), mapper.toView(r.getTransfer())));
    }

    @POST
    @Path("/transfers/{transferId}/transport")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.DISPATCHER, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM})
    @Operation(operationId = "updateTransport", summary = "Transport steps: a dispatcher assigns a crew and reports departure; arrival (which consumes the bed hold) "
            + "by dispatch or the destination; completion by the destination")
    @APIResponse(responseCode = "400", description = "A malformed step (the field is named)")
    @APIResponse(responseCode = "409", description = "Not allowed from the current state (named)")
    @APIResponseSchema(value = TransferView.class, responseCode = "200", responseDescription = "The transfer as it now stands")
    public Uni<TransferView> transport(@PathParam("transferId") @Size(max = InputLimits.UUID) String transferId,
                                       @HeaderParam("Idempotency-Key") @Parameter(required = true) @Size(max = InputLimits.IDEMPOTENCY_KEY) String idempotencyKey,
                                       @Valid TransportInput step) {
        return Uni.createFrom().deferred(() -> transfers.updateTransport(mapper.toTransport(transferId, step, idempotencyKey)))
                .map(mapper::toView);
    }
}
