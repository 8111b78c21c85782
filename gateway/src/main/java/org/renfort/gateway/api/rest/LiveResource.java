package org.renfort.gateway.api.rest;

import io.grpc.Metadata;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.renfort.gateway.client.LiveStreams;
import org.renfort.gateway.client.TransferClient;
import org.renfort.kernel.Role;

import java.util.List;

/**
 * The live endpoints: the services' gRPC streams as Server-Sent Events, for browsers and mobile
 * dispatch apps that cannot hold a gRPC stream. Each is checked before it is promised (the
 * caller may see it, the service is up: otherwise a problem+json answer, not an empty stream),
 * then served under {@link ServerSentEvents}' rules. A plan's progress is in {@link PlanResource}.
 */
@Path("/api/v1")
@Blocking
@Produces(MediaType.SERVER_SENT_EVENTS)
@Tag(name = "Live", description = "Server-Sent Events: resumable with Last-Event-ID (each event's id is its stream position; "
        + "the missed events are replayed, no gap, no duplicate), a comment line as heartbeat, closed when the token expires "
        + "(reconnect with a fresh one) or when the client reads too slowly (reconnect from the last event)")
@SecurityRequirement(name = "renfort")
@APIResponse(responseCode = "400", description = "A malformed Last-Event-ID or parameter (named)")
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "The token's roles or hospital do not allow this")
@APIResponse(responseCode = "503", description = "The service behind this stream is not answering; retry after Retry-After")
public class LiveResource {
    private static final String LAST_EVENT_ID = "the id of the last event received, to resume right after it";

    private final LiveStreams streams;
    private final TransferClient transfers;
    private final ServerSentEvents events;
    private final CapacityRestMapper capacityMapper;
    private final TransferRestMapper transferMapper;
    private final SecurityIdentity caller;

    LiveResource(LiveStreams streams, TransferClient transfers, ServerSentEvents events, CapacityRestMapper capacityMapper,
                 TransferRestMapper transferMapper, SecurityIdentity caller) {
        this.streams = streams;
        this.transfers = transfers;
        this.events = events;
        this.capacityMapper = capacityMapper;
        this.transferMapper = transferMapper;
        this.caller = caller;
    }

    @GET
    @Path("/region/events")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    @Operation(operationId = "watchRegion", summary = "The regional picture, live: a `snapshot` event (a RegionPicture) first, "
            + "then a `change` event (a RegionChange) for every capacity report, hold, status or registry change. Resuming "
            + "after a position no longer kept starts again with a snapshot")
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = RegionDtos.RegionChangeView.class)))
    public Multi<OutboundSseEvent> region(@HeaderParam("Last-Event-ID") @Parameter(description = LAST_EVENT_ID) String lastEventId,
                                          @Context Sse sse) {
        long after = ServerSentEvents.position(lastEventId);
        Metadata on = streams.caller();
        ServerSentEvents.checkFirst(streams.capacityServing());
        return events.serve("region", sse, caller, ServerSentEvents.resumed(after, from -> region(on, from, sse), null));
    }

    private Multi<OutboundSseEvent> region(Metadata on, long after, Sse sse) {
        return streams.region(on, after).map(r -> r.hasSnapshot()
                ? ServerSentEvents.event(sse, "snapshot", Long.toString(r.getSnapshot().getPosition()), capacityMapper.toView(r.getSnapshot()))
                : ServerSentEvents.event(sse, "change", Long.toString(r.getChange().getPosition()), capacityMapper.toView(r.getChange())));
    }

    @GET
    @Path("/offers/events")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM})
    @Operation(operationId = "watchOffers", summary = "A hospital's offers, live: an `offer` event (an OfferEvent) for each offer made "
            + "(the open ones first), withdrawn, expired, accepted, declined or deferred. A hospital's staff their own, coordinators "
            + "any hospital's (hospitalId required). Resuming after a position no longer kept sends `resync` (reload GET /offers), "
            + "then the open offers again")
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = TransferDtos.OfferEventView.class)))
    public Multi<OutboundSseEvent> offers(@QueryParam("hospitalId") @Parameter(description = "the hospital; a hospital's own by default")
                                          @Size(max = InputLimits.HOSPITAL_ID) String hospitalId,
                                          @HeaderParam("Last-Event-ID") @Parameter(description = LAST_EVENT_ID) String lastEventId,
                                          @Context Sse sse) {
        long after = ServerSentEvents.position(lastEventId);
        Metadata on = streams.caller();
        String hospital = hospitalId == null ? "" : hospitalId;
        // Listing one offer asks the same question the stream will: may this caller see this hospital's offers?
        ServerSentEvents.checkFirst(transfers.offers(transferMapper.toOfferList(List.of(), hospitalId, 1, null)));
        return events.serve("offers", sse, caller, ServerSentEvents.resumed(after, from -> offers(on, hospital, from, sse), resync(sse)));
    }

    private Multi<OutboundSseEvent> offers(Metadata on, String hospital, long after, Sse sse) {
        return streams.offers(on, hospital, after).map(r -> ServerSentEvents.event(sse, "offer",
                Long.toString(r.getPosition()), new TransferDtos.OfferEventView(r.getPosition(), RestValues.strip(r.getKind(), "OFFER_EVENT_KIND_"),
                        RestValues.instant(r.getOccurredAt()), transferMapper.toDecide(r.getOffer()))));
    }

    @GET
    @Path("/transports/events")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.DISPATCHER})
    @Operation(operationId = "watchTransports", summary = "A dispatch centre's transports, live: a `transport` event (a TransportEvent) "
            + "each time a transfer it handles needs or moves through transport (accepted, crew assigned, departed, arrived, "
            + "completed, cancelled), from now on: read GET /transports for the current list. Dispatchers see their centre's, "
            + "coordinators all. Resuming after a position no longer kept sends `resync` (reload GET /transports)")
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = TransferDtos.TransportEventView.class)))
    public Multi<OutboundSseEvent> transports(@HeaderParam("Last-Event-ID") @Parameter(description = LAST_EVENT_ID) String lastEventId,
                                              @Context Sse sse) {
        long after = ServerSentEvents.position(lastEventId);
        Metadata on = streams.caller();
        ServerSentEvents.checkFirst(streams.transferServing());
        return events.serve("transports", sse, caller, ServerSentEvents.resumed(after, from -> transports(on, from, sse), resync(sse)));
    }

    private Multi<OutboundSseEvent> transports(Metadata on, long after, Sse sse) {
        return streams.transports(on, after).map(r -> ServerSentEvents.event(sse, "transport",
                Long.toString(r.getPosition()), new TransferDtos.TransportEventView(r.getPosition(),
                        RestValues.instant(r.getOccurredAt()), transferMapper.toView(r.getTransfer()))));
    }

    private static OutboundSseEvent resync(Sse sse) {
        return ServerSentEvents.event(sse, "resync", null,
                new ServerSentEvents.Resync("the events after Last-Event-ID are no longer kept"));
    }
}
