package org.renfort.gateway.api.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.renfort.gateway.client.CapacityClient;
import org.renfort.gateway.client.TransferClient;
import org.renfort.kernel.Role;
import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.TransferStatus;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * FHIR R4 reads (FhirResources): the hospitals as Location + Organization, the
 * transfers as Task. The same tokens, roles and tenancy as the REST API: transfer-service decides
 * what each caller sees of a transfer.
 */
@Path("/fhir/r4")
@Produces(FhirResources.MEDIA_TYPE)
@Tag(name = "FHIR R4", description = "Read-only FHIR R4 views: hospitals as Location and Organization, transfers as Task")
@SecurityRequirement(name = "renfort")
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "The token's roles or hospital do not allow this")
public class FhirResource {
    private final CapacityClient capacity;
    private final TransferClient transfers;

    FhirResource(CapacityClient capacity, TransferClient transfers) {
        this.capacity = capacity;
        this.transfers = transfers;
    }

    @GET
    @Path("/Location")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    @Operation(operationId = "searchFhirLocations", summary = "Every hospital as a FHIR Location (position; beds per category, "
            + "facility and emergency-department status in extensions), its Organization included")
    @APIResponse(responseCode = "200", description = "A searchset Bundle", content = @Content(mediaType = FhirResources.MEDIA_TYPE,
            schema = @Schema(type = SchemaType.OBJECT, examples = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[]}")))
    public Uni<ObjectNode> locations(@Context UriInfo uri) {
        return capacity.snapshot().map(region -> FhirResources.locations(region, base(uri), uri.getRequestUri().toString()));
    }

    @GET
    @Path("/Task/{id}")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER})
    @Operation(operationId = "readFhirTask", summary = "A transfer as a FHIR Task (focus: a contained ServiceRequest with what the patient needs)")
    @APIResponse(responseCode = "200", description = "The Task", content = @Content(mediaType = FhirResources.MEDIA_TYPE,
            schema = @Schema(type = SchemaType.OBJECT, examples = "{\"resourceType\":\"Task\",\"status\":\"accepted\",\"intent\":\"order\"}")))
    @APIResponse(responseCode = "404", description = "Unknown transfer")
    public Uni<ObjectNode> task(@PathParam("id") @Size(max = InputLimits.UUID) String id) {
        return transfers.get(id).map(FhirResources::task);
    }

    @GET
    @Path("/Task")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER})
    @Operation(operationId = "searchFhirTasks", summary = "The transfers the caller may see as FHIR Tasks, newest first, by Task status")
    @APIResponse(responseCode = "200", description = "A searchset Bundle, with a next link while more follows",
            content = @Content(mediaType = FhirResources.MEDIA_TYPE,
                    schema = @Schema(type = SchemaType.OBJECT, examples = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[]}")))
    @APIResponse(responseCode = "400", description = "An unknown status or a malformed page (named)")
    public Uni<ObjectNode> tasks(@QueryParam("status") @Parameter(description = "requested, received, accepted, on-hold, in-progress, "
                                         + "completed or cancelled") String status,
                                 @QueryParam("_count") @DefaultValue("100") @Parameter(description = "1 to 500") int count,
                                 @QueryParam("_page_token") @Size(max = InputLimits.PAGE_TOKEN) String pageToken,
                                 @Context UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            if (count < 1 || count > InputLimits.PAGE_SIZE) {
                throw new InvalidInput("_count", "must be between 1 and " + InputLimits.PAGE_SIZE + " (got " + count + ")");
            }
            ListTransfersRequest.Builder request = ListTransfersRequest.newBuilder().setPageSize(count)
                    .setPageToken(pageToken == null ? "" : pageToken);
            if (status != null) {
                Set<TransferStatus> statuses = FhirResources.TASK_STATUSES.get(status);
                if (statuses == null) {
                    throw new InvalidInput("status", "must be one of " + FhirResources.TASK_STATUSES.keySet().stream().sorted().toList()
                            + " (got '" + status + "')");
                }
                request.addAllStatuses(statuses);
            }
            return transfers.list(request.build()).map(page -> FhirResources.tasks(page.getTransfersList(), base(uri),
                    uri.getRequestUri().toString(), page.getNextPageToken().isEmpty() ? Optional.empty()
                            : Optional.of(uri.getRequestUriBuilder().replaceQueryParam("_page_token", page.getNextPageToken()).build().toString())));
        });
    }

    /** The FHIR base of this server as the caller reached it, for the bundles' absolute fullUrls. */
    private static String base(UriInfo uri) {
        URI root = uri.getBaseUriBuilder().path("fhir/r4/").build();
        return root.toString().endsWith("/") ? root.toString() : root + "/";
    }
}
