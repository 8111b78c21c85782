package org.renfort.gateway.config;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.renfort.gateway.api.rest.FhirResources;
import org.renfort.gateway.api.rest.Problem;

import java.util.List;
import java.util.Map;

/**
 * Every error answer of the API is a problem (RFC 9457): the document says so for each 4xx and
 * 5xx response it lists, so that client generators and readers see the body they will get.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {
    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> describeErrors(operation, path.startsWith("/fhir/"))));
    }

    /** Under /fhir/ an error is a FHIR OperationOutcome (api.rest.FhirOutcomes), elsewhere a problem. */
    private void describeErrors(Operation operation, boolean fhir) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return;
        }
        // Every call counts against its caller's rate limit (api.rest.RateLimitFilter).
        if (!operation.getResponses().hasAPIResponse("429")) {
            operation.getResponses().addAPIResponse("429", OASFactory.createAPIResponse()
                    .description("Too many calls from this caller: retry after Retry-After seconds")
                    .addHeader("Retry-After", OASFactory.createHeader().description("seconds to wait")
                            .schema(OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.INTEGER))));
        }
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            if ((code.startsWith("4") || code.startsWith("5")) && response.getContent() == null) {
                response.setContent(fhir
                        ? OASFactory.createContent().addMediaType(FhirResources.MEDIA_TYPE, OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.OBJECT)
                                        .description("A FHIR R4 OperationOutcome: one issue, its code from the status, the detail as diagnostics")
                                        .addExample(Map.of("resourceType", "OperationOutcome", "issue", List.of(Map.of("severity", "error",
                                                "code", "invalid", "diagnostics", "status: must be one of [accepted, ...]"))))))
                        : OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref("#/components/schemas/Problem"))));
            }
        });
    }
}
