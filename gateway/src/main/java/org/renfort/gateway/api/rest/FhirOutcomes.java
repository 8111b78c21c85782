package org.renfort.gateway.api.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * FHIR clients read an error as an {@code OperationOutcome}: under /fhir/ the problem every
 * exception mapper built becomes one, same status and headers (Retry-After included), its detail
 * as the diagnostics. The rest of the API keeps problem+json.
 */
public class FhirOutcomes {

    @ServerResponseFilter
    public void asOperationOutcome(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem && request.getUriInfo().getPath().startsWith("/fhir/")) {
            response.setEntity(FhirResources.operationOutcome(problem.status(), problem.detail() == null ? problem.title() : problem.detail()),
                    null, MediaType.valueOf(FhirResources.MEDIA_TYPE));
        }
    }
}
