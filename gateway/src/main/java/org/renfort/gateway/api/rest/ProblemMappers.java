package org.renfort.gateway.api.rest;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.renfort.gateway.client.DownstreamRefusal;

/** Every error leaves the gateway as application/problem+json; a caller's mistake is never a 500. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public RestResponse<Problem> refused(DownstreamRefusal e, UriInfo uri) {
        int status = switch (e.code()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, FAILED_PRECONDITION, RESOURCE_EXHAUSTED -> 409;
            default -> 502;
        };
        return problem(status, e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalid(InvalidInput e, UriInfo uri) {
        return problem(400, e.getMessage(), uri);
    }

    @ServerExceptionMapper({CircuitBreakerOpenException.class, TimeoutException.class})
    public RestResponse<Problem> unavailable(RuntimeException e, UriInfo uri) {
        return problem(503, "a Renfort service is not answering; try again shortly", uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> downstreamFault(StatusRuntimeException e, UriInfo uri) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
            return problem(503, "a Renfort service is not answering; try again shortly", uri);
        }
        LOG.warnf("downstream fault %s on %s", code, uri.getPath());
        return problem(502, "a Renfort service failed (" + code + ")", uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public RestResponse<Problem> unauthenticated(RuntimeException e, UriInfo uri) {
        return RestResponse.ResponseBuilder.<Problem>create(401).entity(problemBody(401, "a valid bearer token is required", uri))
                .header("WWW-Authenticate", "Bearer").type(Problem.MEDIA_TYPE).build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException e, UriInfo uri) {
        return problem(403, "your roles do not allow this operation", uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String detail = status == 400 ? "the request body or a parameter is malformed" : e.getMessage();
        return problem(status, detail, uri);
    }

    private static RestResponse<Problem> problem(int status, String detail, UriInfo uri) {
        return RestResponse.ResponseBuilder.<Problem>create(status).entity(problemBody(status, detail, uri)).type(Problem.MEDIA_TYPE).build();
    }

    private static Problem problemBody(int status, String detail, UriInfo uri) {
        RestResponse.Status known = RestResponse.Status.fromStatusCode(status);
        return new Problem("about:blank", known != null ? known.getReasonPhrase() : "Error", status, detail,
                uri == null ? null : uri.getPath());
    }
}
