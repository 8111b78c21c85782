package org.renfort.gateway.api.rest;

import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;

/**
 * How every paged list says that more follows: an RFC 8288 {@code Link: <...>; rel="next"} to the
 * same request with the next {@code pageToken}, relative so it holds behind any proxy. Lists whose
 * v1 body is an array keep it (additive change); page objects also carry {@code nextPageToken}.
 */
final class NextPage {
    static final String HEADER_DESCRIPTION = "<same path and filters with the next pageToken>; rel=\"next\" - absent on the last page";

    private NextPage() {
    }

    static <T> RestResponse<T> ok(T body, UriInfo request, String nextToken) {
        RestResponse.ResponseBuilder<T> response = RestResponse.ResponseBuilder.ok(body);
        if (nextToken != null && !nextToken.isEmpty()) {
            URI next = request.getRequestUriBuilder().replaceQueryParam("pageToken", nextToken).build();
            response.header("Link", "<" + next.getRawPath() + "?" + next.getRawQuery() + ">; rel=\"next\"");
        }
        return response.build();
    }
}
