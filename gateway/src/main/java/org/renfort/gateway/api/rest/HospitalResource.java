package org.renfort.gateway.api.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.kernel.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.renfort.proto.capacity.v1.ListHospitalsRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.renfort.gateway.api.rest.CapacityDtos.CapacityReportInput;
import org.renfort.gateway.api.rest.CapacityDtos.CapacityView;
import org.renfort.gateway.api.rest.CapacityDtos.HospitalView;
import org.renfort.gateway.api.rest.CapacityDtos.PublishedView;
import org.jboss.resteasy.reactive.RestResponse;
import org.renfort.gateway.client.CapacityClient;

import java.util.List;

@Path("/api/v1/hospitals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Hospitals and capacity", description = "The registry of partner hospitals, and the capacity each publishes (beds by category, emergency department, crisis plan)")
@SecurityRequirement(name = "renfort")
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "The token's roles or hospital do not allow this")
public class HospitalResource {

    private final CapacityClient capacity;
    private final CapacityRestMapper mapper;

    HospitalResource(CapacityClient capacity, CapacityRestMapper mapper) {
        this.capacity = capacity;
        this.mapper = mapper;
    }

    @GET
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    @Operation(operationId = "listHospitals", summary = "The hospitals of the region, ordered by FINESS number, a page at a time")
    @APIResponse(responseCode = "400", description = "A malformed parameter (named)")
    @APIResponse(responseCode = "200", description = "A page of hospitals, ordered by FINESS number", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = HospitalView.class)),
            headers = @Header(name = "Link", description = NextPage.HEADER_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)))
    public Uni<RestResponse<List<HospitalView>>> list(@QueryParam("department") @DefaultValue("")
                                        @Parameter(description = "Only this department, e.g. 59") @Size(max = InputLimits.DEPARTMENT) String department,
                                        @QueryParam("includeRetired") @DefaultValue("false") boolean includeRetired,
                                        @QueryParam("pageSize") @DefaultValue("1000") @Parameter(description = "1 to 1000, default 1000")
                                        @Min(1) @Max(InputLimits.HOSPITALS_PAGE) int pageSize,
                                        @QueryParam("pageToken") @Parameter(description = "from the previous page's Link header")
                                        @Size(max = InputLimits.PAGE_TOKEN) String pageToken,
                                        @Context UriInfo request) {
        ListHospitalsRequest listing = ListHospitalsRequest.newBuilder().setDepartment(department).setIncludeRetired(includeRetired)
                .setPageSize(pageSize).setPageToken(pageToken == null ? "" : pageToken).build();
        return capacity.hospitals(listing).map(page -> NextPage.ok(page.getHospitalsList().stream().map(mapper::toView).toList(),
                request, page.getNextPageToken()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.COORDINATOR)
    @Operation(operationId = "createHospital", summary = "Register a hospital of the region (coordinators)")
    @APIResponse(responseCode = "201", description = "Registered (or the same entry resent with the same key)")
    @APIResponse(responseCode = "400", description = "A malformed entry (the field is named)")
    @APIResponse(responseCode = "409", description = "The FINESS number is already registered")
    public Uni<RestResponse<HospitalView>> create(@HeaderParam("Idempotency-Key") @Parameter(required = true) @Size(max = InputLimits.IDEMPOTENCY_KEY) String idempotencyKey,
                                                  @Valid CapacityDtos.HospitalInput hospital) {
        return Uni.createFrom().deferred(() -> capacity.createHospital(mapper.toCreate(hospital, idempotencyKey)))
                .map(h -> RestResponse.status(RestResponse.Status.CREATED, mapper.toView(h)));
    }

    @PUT
    @Path("/{hospitalId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.COORDINATOR)
    @Operation(operationId = "updateHospital", summary = "Replace a hospital's registry entry (coordinators)")
    @APIResponse(responseCode = "400", description = "A malformed entry (the field is named)")
    @APIResponse(responseCode = "404", description = "Unknown hospital")
    @APIResponse(responseCode = "409", description = "The hospital is retired")
    @APIResponseSchema(value = HospitalView.class, responseCode = "200", responseDescription = "The hospital as registered")
    public Uni<HospitalView> update(@PathParam("hospitalId") @Size(max = InputLimits.HOSPITAL_ID) String hospitalId,
                                    @HeaderParam("Idempotency-Key") @Parameter(required = true) @Size(max = InputLimits.IDEMPOTENCY_KEY) String idempotencyKey,
                                    @Valid CapacityDtos.HospitalInput hospital) {
        return Uni.createFrom().deferred(() -> capacity.updateHospital(mapper.toUpdate(hospitalId, hospital, idempotencyKey)))
                .map(mapper::toView);
    }

    @POST
    @Path("/{hospitalId}/retirement")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.COORDINATOR)
    @Operation(operationId = "retireHospital", summary = "Retire a hospital: it leaves bed searches, its history stays (coordinators)")
    @APIResponse(responseCode = "400", description = "No reason given")
    @APIResponse(responseCode = "404", description = "Unknown hospital")
    @APIResponseSchema(value = HospitalView.class, responseCode = "200", responseDescription = "The hospital as registered")
    public Uni<HospitalView> retire(@PathParam("hospitalId") @Size(max = InputLimits.HOSPITAL_ID) String hospitalId,
                                    @HeaderParam("Idempotency-Key") @Parameter(required = true) @Size(max = InputLimits.IDEMPOTENCY_KEY) String idempotencyKey,
                                    @Valid CapacityDtos.RetirementInput retirement) {
        return capacity.retireHospital(mapper.toRetire(hospitalId, retirement, idempotencyKey)).map(mapper::toView);
    }

    @GET
    @Path("/overdue")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    @Operation(operationId = "listOverdueHospitals", summary = "Hospitals whose last report is older than the freshness limit, or that never reported")
    @APIResponseSchema(value = RegionDtos.OverdueList.class, responseCode = "200", responseDescription = "The hospitals whose figures are overdue")
    public Uni<RegionDtos.OverdueList> overdue() {
        return capacity.overdue().map(mapper::toView);
    }

    @GET
    @Path("/{hospitalId}/capacity/history")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    @Operation(operationId = "getCapacityHistory", summary = "Every accepted report of a hospital over a time range (default: the last 7 days), oldest first")
    @APIResponse(responseCode = "400", description = "A malformed parameter (named)")
    @APIResponse(responseCode = "404", description = "Unknown hospital")
    @APIResponse(responseCode = "200", description = "A page of the reports over the range, oldest first", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = RegionDtos.HistoryPointView.class)),
            headers = @Header(name = "Link", description = NextPage.HEADER_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)))
    public Uni<RestResponse<List<RegionDtos.HistoryPointView>>> history(
            @PathParam("hospitalId") @Size(max = InputLimits.HOSPITAL_ID) String hospitalId,
            @QueryParam("from") @Parameter(description = "ISO-8601 instant, inclusive") String from,
            @QueryParam("to") @Parameter(description = "ISO-8601 instant, exclusive") String to,
            @QueryParam("category") @Parameter(example = "ADULT_ICU") String category,
            @QueryParam("pageSize") @DefaultValue("10000") @Parameter(description = "1 to 10000 points, default 10000")
            @Min(1) @Max(InputLimits.HISTORY_PAGE) int pageSize,
            @QueryParam("pageToken") @Parameter(description = "from the previous page's Link header") @Size(max = InputLimits.PAGE_TOKEN) String pageToken,
            @Context UriInfo request) {
        return Uni.createFrom().deferred(() -> capacity.history(mapper.toHistoryRequest(hospitalId, from, to, category, pageSize, pageToken)))
                .map(page -> NextPage.ok(page.getPointsList().stream().map(mapper::toView).toList(), request, page.getNextPageToken()));
    }

    @GET
    @Path("/{hospitalId}")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    @Operation(operationId = "getHospital", summary = "One hospital of the registry")
    @APIResponse(responseCode = "404", description = "Unknown hospital")
    @APIResponseSchema(value = HospitalView.class, responseCode = "200", responseDescription = "The hospital as registered")
    public Uni<HospitalView> get(@PathParam("hospitalId") @Size(max = InputLimits.HOSPITAL_ID) String hospitalId) {
        return capacity.hospital(hospitalId).map(mapper::toView);
    }

    @GET
    @Path("/{hospitalId}/capacity")
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER, Role.Names.SERVICE})
    @Operation(operationId = "getHospitalCapacity", summary = "Current capacity of a hospital, each figure with its age and a stale flag")
    @APIResponse(responseCode = "404", description = "Unknown hospital")
    @APIResponseSchema(value = CapacityView.class, responseCode = "200", responseDescription = "Its current figures, each with its freshness")
    public Uni<CapacityView> capacity(@PathParam("hospitalId") @Size(max = InputLimits.HOSPITAL_ID) String hospitalId) {
        return capacity.capacity(hospitalId).map(mapper::toView);
    }

    @PUT
    @Path("/{hospitalId}/capacity")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM})
    @Operation(operationId = "publishCapacity", summary = "Publish a capacity report: hospital staff for their own hospital, coordinators on behalf of any")
    @APIResponse(responseCode = "400", description = "Malformed report or broken counting rule")
    @APIResponse(responseCode = "404", description = "Unknown hospital")
    @APIResponse(responseCode = "409", description = "Stale report: newer figures are already stored")
    @APIResponseSchema(value = PublishedView.class, responseCode = "200", responseDescription = "The report as accepted, and the hospital's figures after it")
    public Uni<PublishedView> publish(@PathParam("hospitalId") @Size(max = InputLimits.HOSPITAL_ID) String hospitalId,
                                      @HeaderParam("Idempotency-Key")
                                      @Parameter(required = true, description = "8-100 characters; a resend with the same key changes nothing") @Size(max = InputLimits.IDEMPOTENCY_KEY)
                                      String idempotencyKey,
                                      @Valid CapacityReportInput report) {
        return Uni.createFrom().deferred(() -> capacity.publish(mapper.toRequest(hospitalId, idempotencyKey, report)))
                .map(mapper::toView);
    }
}
