package org.renfort.gateway.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.grpc.Status;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.renfort.gateway.api.rest.SamuHubMessages.Placement;
import org.renfort.gateway.api.rest.SamuHubMessages.ResourceRequest;
import org.renfort.gateway.client.DownstreamAnswer;
import org.renfort.gateway.client.TransferClient;
import org.renfort.kernel.Role;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.Capability;
import org.renfort.proto.transfer.v1.CancelTransferRequest;
import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.Transfer;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.renfort.gateway.api.rest.RestValues.parse;

/**
 * The French SAMU hub's resource request in, its response out: a SAMU's regulation software (a
 * dispatcher) or a coordinator posts an RS-DR and reads the RS-RR as the negotiation goes on.
 * The RS-DR's requestId is the idempotency key; its transfers carry it as their external
 * reference, so the answer is always read from transfer-service, never kept here.
 */
@Path("/api/v1/interop/samu")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "SAMU hub", description = "Transfer requests as the French SAMU hub's RS-DR, answered as RS-RR (hub schema 26.07.29)")
@SecurityRequirement(name = "renfort")
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "Only dispatchers (a SAMU's regulation) and coordinators")
public class SamuHubResource {
    public static final String EXAMPLE_REQUEST = """
            {"resourcesRequest":{"caseId":"fr.health.samu590.DRFR155902412300042",
             "request":{"requestId":"fr.health.samu590.request.tih-2024-0042","datetime":"2026-12-06T09:15:00+01:00",
              "purpose":"TIH","deadline":"1H","freetext":"Ventilated, needs an adult ICU bed"}}}""";
    static final String EXAMPLE_RESPONSE = """
            {"resourcesResponse":{"caseId":"fr.health.samu590.DRFR155902412300042",
             "requestId":"fr.health.samu590.request.tih-2024-0042",
             "response":{"datetime":"2026-12-06T09:21:07+01:00","answer":"ACCEPTEE","freetext":"Lit accepté : FINESS 590000025."}}}""";
    private final TransferClient transfers;
    private final SamuHubSchemas schemas;

    SamuHubResource(TransferClient transfers, SamuHubSchemas schemas) {
        this.transfers = transfers;
        this.schemas = schemas;
    }

    @POST
    @Path("/rs-dr")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.DISPATCHER})
    @Operation(operationId = "receiveResourceRequest", summary = "Receive an RS-DR: one transfer per patient, negotiated at once; "
            + "the answer is the RS-RR as it stands (DIFFEREE while negotiating). Resending the same requestId creates nothing; "
            + "status ANNULEE cancels the request's transfers. Purposes other than SMUR, TIH, BRANCARD and BARIA are answered "
            + "REFUSEE and nothing is stored.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT, description = "{\"resourcesRequest\": RS-DR}, as in the hub's samples"),
            examples = @ExampleObject(name = "tih", value = EXAMPLE_REQUEST)))
    @APIResponse(responseCode = "201", description = "Transfers created; the RS-RR as it stands, Location to read it again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "accepted", value = EXAMPLE_RESPONSE)))
    @APIResponse(responseCode = "200", description = "A resend, a cancellation or a purpose Renfort does not serve: the RS-RR as it stands",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "accepted", value = EXAMPLE_RESPONSE)))
    @APIResponse(responseCode = "400", description = "Not a valid RS-DR (the instance and schema paths are named) or a parameter missing")
    @APIResponse(responseCode = "404", description = "A cancellation of a request never received")
    @APIResponse(responseCode = "409", description = "The requestId was received before with other content")
    public Uni<RestResponse<JsonNode>> receive(
            @QueryParam("bedCategory") @Parameter(description = "the bed the patients need (the RS-DR does not say)", example = "ADULT_ICU") String bedCategory,
            @QueryParam("ageBand") @Parameter(example = "ADULT") String ageBand,
            @QueryParam("originHospitalId") @Parameter(description = "where the patients are: a hospital (FINESS)...", example = "590000017")
            @Size(max = InputLimits.HOSPITAL_ID) String originHospitalId,
            @QueryParam("originLatitude") @Parameter(description = "... or a position in the field", example = "50.6870") Double originLatitude,
            @QueryParam("originLongitude") @Parameter(example = "2.8810") Double originLongitude,
            @QueryParam("requiredCapability") @Parameter(description = "repeatable, e.g. DIALYSIS")
            @Size(max = InputLimits.CAPABILITIES) List<String> requiredCapabilities,
            @QueryParam("maxTravelMinutes") @Parameter(description = "default 120", example = "90")
            @Min(1) @Max(InputLimits.TRAVEL_MINUTES) Integer maxTravelMinutes,
            @QueryParam("patients") @Parameter(description = "a group of patients alike, 1 to 20 (default 1); placed in part, the answer is PARTIELLE", example = "1")
            @Min(1) @Max(InputLimits.HUB_REQUEST_PATIENTS) Integer patients,
            JsonNode body, @Context UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            ResourceRequest request = ResourceRequest.of(schemas.resourceRequest(body));
            if (request.cancelled()) {
                return cancel(request).map(answer -> RestResponse.ok(answer));
            }
            if (!request.asksForABed()) {
                return Uni.createFrom().item(RestResponse.ok(
                        schemas.checkedResponse(SamuHubMessages.notABedTransfer(request, Instant.now()))));
            }
            Placement placement = placement(bedCategory, ageBand, originHospitalId, originLatitude, originLongitude,
                    requiredCapabilities, maxTravelMinutes, patients);
            var creates = SamuHubMessages.transferRequests(request, placement);
            URI location = uri.getBaseUriBuilder().path("api/v1/interop/samu/rs-dr/{requestId}/rs-rr").build(request.requestId());
            return ofRequest(request.requestId()).flatMap(before -> Multi.createFrom().iterable(creates)
                    .onItem().transformToUniAndConcatenate(transfers::create).collect().asList()
                    .onFailure(SamuHubResource::reusedRequestId).transform(e -> new ClientErrorException("requestId "
                            + request.requestId() + " was received before with other content; a new request needs a new requestId", 409))
                    .map(created -> RestResponse.ResponseBuilder.<JsonNode>create(before.isEmpty() ? 201 : 200)
                            .entity(schemas.checkedResponse(SamuHubMessages.response(request.requestId(), created)))
                            .location(location).build()));
        });
    }

    @GET
    @Path("/rs-dr/{requestId}/rs-rr")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.DISPATCHER})
    @Operation(operationId = "getResourceResponse", summary = "The RS-RR of a received RS-DR as the negotiation now stands: "
            + "ACCEPTEE, PARTIELLE (part of a group placed), DIFFEREE (still negotiating) or REFUSEE (with the reason)")
    @APIResponse(responseCode = "200", description = "The RS-RR",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "accepted", value = EXAMPLE_RESPONSE)))
    @APIResponse(responseCode = "404", description = "No request with this requestId that the caller may see")
    public Uni<JsonNode> response(@PathParam("requestId") @Parameter(example = "fr.health.samu590.request.tih-2024-0042")
                                  @Size(max = InputLimits.EXTERNAL_REFERENCE) String requestId) {
        return ofRequest(requestId).map(found -> {
            if (found.isEmpty()) {
                throw new NotFoundException("no resource request " + requestId + " that you may see");
            }
            return schemas.checkedResponse(SamuHubMessages.response(requestId, found));
        });
    }

    /** ANNULEE: every transfer of the request not yet arrived is cancelled (each with its own key, so a resend changes nothing). */
    private Uni<JsonNode> cancel(ResourceRequest request) {
        return ofRequest(request.requestId()).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(new NotFoundException("no resource request " + request.requestId() + " to cancel"));
            }
            List<Transfer> live = found.stream().filter(SamuHubMessages::cancellable).toList();
            return Multi.createFrom().iterable(live).onItem().transformToUniAndConcatenate(t -> transfers.cancel(
                            CancelTransferRequest.newBuilder().setTransferId(t.getTransferId())
                                    .setReason("cancelled by the SAMU hub (RS-DR ANNULEE)")
                                    .setIdempotencyKey("rs-dr-annulee:" + t.getTransferId()).build()))
                    .collect().asList()
                    .flatMap(ignored -> ofRequest(request.requestId()))
                    .map(now -> schemas.checkedResponse(SamuHubMessages.response(request.requestId(), now)));
        });
    }

    private Uni<List<Transfer>> ofRequest(String requestId) {
        if (requestId == null || requestId.isBlank()) {
            return Uni.createFrom().failure(new InvalidInput("requestId", "is required"));
        }
        return transfers.list(ListTransfersRequest.newBuilder().setExternalReference(requestId)
                .setPageSize(InputLimits.HUB_REQUEST_PATIENTS).build()).map(r -> r.getTransfersList());
    }

    /** The same key with other content: transfer-service names the idempotency key, the hub's caller knows a requestId. */
    private static boolean reusedRequestId(Throwable failure) {
        return failure instanceof DownstreamAnswer answer && answer.code() == Status.Code.INVALID_ARGUMENT
                && String.valueOf(answer.getMessage()).startsWith("idempotency_key");
    }

    private static Placement placement(String bedCategory, String ageBand, String originHospitalId, Double latitude,
                                       Double longitude, List<String> capabilities, Integer maxTravelMinutes, Integer patients) {
        var origin = TransferRestMapper.origin(originHospitalId == null && latitude == null && longitude == null ? null
                : new TransferDtos.OriginView(originHospitalId, latitude, longitude), "originHospitalId");
        List<Capability> required = new ArrayList<>();
        List<String> asked = capabilities == null ? List.of() : capabilities;
        for (int i = 0; i < asked.size(); i++) {
            required.add(parse(Capability.class, "CAPABILITY_", asked.get(i), "requiredCapability[" + i + "]"));
        }
        return new Placement(origin, parse(BedCategory.class, "BED_CATEGORY_", bedCategory, "bedCategory"),
                parse(AgeBand.class, "AGE_BAND_", ageBand, "ageBand"), required,
                maxTravelMinutes == null ? 120 : maxTravelMinutes, patients == null ? 1 : patients);
    }
}
