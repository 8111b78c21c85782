package org.renfort.gateway.api.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.kernel.Role;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.jboss.resteasy.reactive.RestResponse;
import org.renfort.kernel.AuditQuery;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.renfort.gateway.client.CapacityClient;
import org.renfort.gateway.client.TransferClient;
import org.renfort.proto.audit.v1.AuditEvent;
import org.renfort.proto.audit.v1.AuditOutcome;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The audit trails of every service that owns data, merged, newest first. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "The services' append-only audit trails, merged (coordinators)")
@SecurityRequirement(name = "renfort")
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "Coordinators only")
public class AuditResource {
    private final CapacityClient capacity;
    private final TransferClient transfer;

    AuditResource(CapacityClient capacity, TransferClient transfer) {
        this.capacity = capacity;
        this.transfer = transfer;
    }

    @Schema(name = "AuditEvent", description = "Never holds a token nor clinical data.")
    public record AuditEventView(String eventId, Instant occurredAt, String service, String subject, List<String> roles,
                                 String callerHospitalId, String action, String target, String targetHospitalId,
                                 @Schema(examples = "DENIED") String outcome, String detail, String requestId) {
    }

    /** Every service's order: newest first, then by event id as PostgreSQL orders uuids (their text, byte by byte). */
    static final Comparator<AuditEvent> NEWEST_FIRST = Comparator.comparing((AuditEvent e) -> e.getOccurredAt().getSeconds())
            .thenComparing(e -> e.getOccurredAt().getNanos()).thenComparing(AuditEvent::getEventId).reversed();

    @GET
    @RolesAllowed(Role.Names.COORDINATOR)
    @Operation(operationId = "listAuditEvents", summary = "Who did or attempted which write, allowed or denied, across the services, a page at a time")
    @APIResponse(responseCode = "400", description = "A malformed filter")
    @APIResponse(responseCode = "200", description = "A page of entries, newest first", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = AuditEventView.class)),
            headers = @Header(name = "Link", description = NextPage.HEADER_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)))
    public Uni<RestResponse<List<AuditEventView>>> list(
            @QueryParam("from") @Parameter(description = "ISO-8601 instant, inclusive") String from,
            @QueryParam("to") @Parameter(description = "ISO-8601 instant, exclusive") String to,
            @QueryParam("subject") @Parameter(description = "user name or service-account-<client>") @Size(max = InputLimits.AUDIT_SUBJECT) String subject,
            @QueryParam("hospitalId") @Parameter(description = "the caller's or the target's hospital") @Size(max = InputLimits.HOSPITAL_ID) String hospitalId,
            @QueryParam("action") @Parameter(description = "e.g. PublishCapacity, CreateTransfer") @Size(max = InputLimits.AUDIT_ACTION) String action,
            @QueryParam("outcome") @Parameter(description = "ALLOWED or DENIED") String outcome,
            @QueryParam("limit") @DefaultValue("100") @Parameter(description = "the page size: 1 to 500") @Min(1) @Max(InputLimits.AUDIT_LIMIT) int limit,
            @QueryParam("pageToken") @Parameter(description = "from the previous page's Link header") @Size(max = InputLimits.PAGE_TOKEN) String pageToken,
            @Context UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            ListAuditEventsRequest request = request(from, to, subject, hospitalId, action, outcome, limit, pageToken);
            return Uni.combine().all().unis(capacity.audit(request), transfer.audit(request)).asTuple().map(t -> {
                List<AuditEvent> merged = Stream.concat(t.getItem1().getEventsList().stream(), t.getItem2().getEventsList().stream())
                        .sorted(NEWEST_FIRST).toList();
                List<AuditEvent> page = merged.subList(0, Math.min(limit, merged.size()));
                boolean more = merged.size() > limit || !t.getItem1().getNextPageToken().isEmpty()
                        || !t.getItem2().getNextPageToken().isEmpty();
                // The page's last event continues both trails: they share the order and the cursor format.
                String next = more && !page.isEmpty()
                        ? new AuditQuery.Cursor(RestValues.instant(page.get(page.size() - 1).getOccurredAt()),
                        UUID.fromString(page.get(page.size() - 1).getEventId())).token() : "";
                return NextPage.ok(page.stream().map(AuditResource::toView).toList(), uri, next);
            });
        });
    }

    private static ListAuditEventsRequest request(String from, String to, String subject, String hospitalId, String action,
                                                  String outcome, int limit, String pageToken) {
        if (limit < 1 || limit > 500) {
            throw new InvalidInput("limit", "must be between 1 and 500 (got " + limit + ")");
        }
        var builder = ListAuditEventsRequest.newBuilder().setLimit(limit).setPageToken(pageToken == null ? "" : pageToken);
        if (from != null) {
            builder.setFrom(RestValues.timestamp("from", from));
        }
        if (to != null) {
            builder.setTo(RestValues.timestamp("to", to));
        }
        if (subject != null) {
            builder.setSubject(subject);
        }
        if (hospitalId != null) {
            builder.setHospitalId(hospitalId);
        }
        if (action != null) {
            builder.setAction(action);
        }
        if (outcome != null) {
            switch (outcome) {
                case "ALLOWED" -> builder.setOutcome(AuditOutcome.AUDIT_OUTCOME_ALLOWED);
                case "DENIED" -> builder.setOutcome(AuditOutcome.AUDIT_OUTCOME_DENIED);
                default -> throw new InvalidInput("outcome", "must be ALLOWED or DENIED (got '" + outcome + "')");
            }
        }
        return builder.build();
    }

    private static AuditEventView toView(AuditEvent e) {
        return new AuditEventView(e.getEventId(), Instant.ofEpochSecond(e.getOccurredAt().getSeconds(), e.getOccurredAt().getNanos()),
                e.getService(), e.getSubject(), e.getRolesList(), blankToNull(e.getCallerHospitalId()), e.getAction(),
                e.getTarget(), blankToNull(e.getTargetHospitalId()),
                e.getOutcome() == AuditOutcome.AUDIT_OUTCOME_DENIED ? "DENIED" : "ALLOWED", e.getDetail(), e.getRequestId());
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
