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
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.renfort.gateway.client.CapacityClient;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The region as a whole: its picture, its summary and "where can this patient go?". */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Region", description = "The live regional picture, its summary, and \"where can this patient go?\"")
@SecurityRequirement(name = "renfort")
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "The token's roles do not allow this")
public class RegionResource {
    private final CapacityClient capacity;
    private final CapacityRestMapper mapper;

    RegionResource(CapacityClient capacity, CapacityRestMapper mapper) {
        this.capacity = capacity;
        this.mapper = mapper;
    }

    @GET
    @Path("/region")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    @Operation(operationId = "getRegionPicture", summary = "The whole regional picture: every hospital with its beds, holds, status and freshness. Send the "
            + "ETag back in If-None-Match to get 304 while nothing changed (ages are then computed from reportedAt)")
    @APIResponse(responseCode = "200", description = "The picture, with its ETag")
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent")
    public Uni<RestResponse<RegionDtos.RegionPicture>> picture(@Context Request request) {
        return capacity.snapshot().map(snapshot -> {
            EntityTag version = mapper.version(snapshot);
            Response.ResponseBuilder unchanged = request.evaluatePreconditions(version);
            if (unchanged != null) {
                return RestResponse.ResponseBuilder.<RegionDtos.RegionPicture>notModified(version).build();
            }
            return RestResponse.ResponseBuilder.ok(mapper.toView(snapshot)).tag(version).build();
        });
    }

    @GET
    @Path("/region/have")
    @Produces(HaveExport.MEDIA_TYPE)
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    @Operation(operationId = "getRegionHave", summary = "The regional picture as an OASIS EDXL-HAVE 1.0 HospitalStatus document "
            + "(every hospital's EMS traffic status, bed capacity by HAVE bed type, facility status, last update)")
    @APIResponse(responseCode = "200", description = "The EDXL-HAVE document", content = @Content(mediaType = HaveExport.MEDIA_TYPE,
            schema = @Schema(type = SchemaType.STRING, examples = "<HospitalStatus xmlns=\"urn:oasis:names:tc:emergency:EDXL:HAVE:1.0\">...</HospitalStatus>")))
    public Uni<String> have() {
        return capacity.snapshot().map(HaveExport::of);
    }

    @GET
    @Path("/region/summary")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    @Operation(operationId = "getRegionSummary", summary = "Totals per bed category and hospitals per status, for the crisis cell's overview")
    @APIResponseSchema(value = RegionDtos.RegionSummary.class, responseCode = "200", responseDescription = "The totals")
    public Uni<RegionDtos.RegionSummary> summary() {
        return capacity.snapshot().map(mapper::summarise);
    }

    @GET
    @Path("/beds")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    @Operation(operationId = "findBeds", summary = "Where can this patient go? Hospitals with a bed of the category free now, nearest first")
    @APIResponse(responseCode = "400", description = "A malformed or missing search parameter (named)")
    @APIResponse(responseCode = "404", description = "fromHospital is unknown")
    @APIResponseSchema(value = RegionDtos.BedSearchResult.class, responseCode = "200", responseDescription = "The candidates, nearest first")
    public Uni<RegionDtos.BedSearchResult> findBeds(
            @QueryParam("category") @Parameter(required = true, example = "ADULT_ICU") String category,
            @QueryParam("capabilities") @Parameter(description = "repeat for several, e.g. NEUROSURGERY") @Size(max = InputLimits.CAPABILITIES) List<String> capabilities,
            @QueryParam("ageBand") @Parameter(description = "NEWBORN, CHILD, ADULT or ELDERLY") String ageBand,
            @QueryParam("fromHospital") @Parameter(description = "FINESS of the hospital the patient is in") @Size(max = InputLimits.HOSPITAL_ID) String fromHospital,
            @QueryParam("latitude") @Parameter(description = "or the patient's position") Double latitude,
            @QueryParam("longitude") Double longitude,
            @QueryParam("maxTravelMinutes") @DefaultValue("60") @Min(1) @Max(InputLimits.TRAVEL_MINUTES) int maxTravelMinutes,
            @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(InputLimits.BED_SEARCH_LIMIT) int limit) {
        return Uni.createFrom().deferred(() -> capacity.findBeds(mapper.toSearch(category,
                capabilities == null ? List.of() : capabilities, ageBand, fromHospital, latitude, longitude,
                maxTravelMinutes, limit))).map(mapper::toView);
    }
}
