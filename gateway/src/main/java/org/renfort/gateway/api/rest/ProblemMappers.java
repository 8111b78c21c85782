package org.renfort.gateway.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.renfort.gateway.client.DownstreamAnswer;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Every error leaves the gateway as application/problem+json; a caller's mistake is never a 500. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** The client beans' breaker delay: when an open breaker lets a call through again. */
    static final String RETRY_AFTER_SECONDS = "5";

    @ServerExceptionMapper
    public RestResponse<Problem> answered(DownstreamAnswer e, UriInfo uri) {
        int status = switch (e.code()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, FAILED_PRECONDITION, RESOURCE_EXHAUSTED, ABORTED -> 409;
            default -> 502;
        };
        if (status == 502) {
            // The services answer internal errors with a generic text and a request id only.
            LOG.warnf("downstream error %s on %s", e.code(), uri.getPath());
            return problem(502, "a Renfort service failed (" + e.code() + "): " + e.getMessage(), uri);
        }
        return problem(status, e.getMessage(), uri);
    }

    /** Bean Validation on a body or a parameter: every broken constraint, by field. */
    @ServerExceptionMapper({ResteasyReactiveViolationException.class, ConstraintViolationException.class})
    public RestResponse<Problem> constraints(ConstraintViolationException e, UriInfo uri) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> fieldName(v.getPropertyPath()) + ": " + v.getMessage())
                .sorted().limit(5).collect(Collectors.joining("; "));
        return problem(400, detail, uri);
    }

    /** Not JSON, a duplicated key, content after the value, a value of the wrong type. */
    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class, ValueInstantiationException.class})
    public RestResponse<Problem> malformedJson(JsonProcessingException e, UriInfo uri) {
        return problem(400, "the JSON body is malformed: " + describe(e), uri);
    }

    private static String describe(JsonProcessingException e) {
        // The original message, without Jackson's location suffix that quotes the input.
        String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage()
                // ... and without its advice on settings of Jackson's, which mean nothing to a caller.
                .replaceAll("\\s*\\((set |but might |but could |enable )[^)]*\\)", "");
        reason = reason.length() > 200 ? reason.substring(0, 200) + "..." : reason;
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[") + ": "
                : "";
        return field + reason;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalid(InvalidInput e, UriInfo uri) {
        return problem(400, e.getMessage(), uri);
    }

    @ServerExceptionMapper({CircuitBreakerOpenException.class, TimeoutException.class})
    public RestResponse<Problem> unavailable(RuntimeException e, UriInfo uri) {
        return notAnswering(uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> downstreamFault(StatusRuntimeException e, UriInfo uri) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
            return notAnswering(uri);
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
        String detail = status != 400 ? e.getMessage()
                : e.getCause() instanceof JsonProcessingException json ? "the JSON body is malformed: " + describe(json)
                : "the request body or a parameter is malformed";
        return problem(status, detail, uri);
    }

    /** A fault of the gateway itself: a generic text and the request id, the details in the log. */
    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Exception e, UriInfo uri, RoutingContext context) {
        String id = context == null ? null : context.get(RequestIdFilter.CONTEXT_KEY);
        LOG.errorf(e, "internal error on %s, request id %s", uri == null ? "?" : uri.getPath(), id);
        return problem(500, "internal error (request id " + id + "); the details are in the gateway's log", uri);
    }

    /** "create.input.origin.hospitalId" -> "origin.hospitalId"; "list.hospitalId" -> "hospitalId". */
    private static String fieldName(Path path) {
        List<String> names = new ArrayList<>();
        Path.Node previous = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (previous != null && previous.getKind() == ElementKind.PARAMETER && node.getKind() == ElementKind.PROPERTY) {
                names.remove(names.size() - 1);
            }
            if (node.isInIterable() && !names.isEmpty()) {
                // The index belongs to the container: beds[0].staffed.
                int last = names.size() - 1;
                names.set(last, names.get(last) + "[" + (node.getIndex() != null ? node.getIndex() : node.getKey()) + "]");
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                names.add(node.getName());
            }
            previous = node;
        }
        return String.join(".", names);
    }

    /** 503 with the breaker's delay as Retry-After: the other service's endpoints keep working meanwhile. */
    private static RestResponse<Problem> notAnswering(UriInfo uri) {
        return retryLater(503, "a Renfort service is not answering; try again shortly", RETRY_AFTER_SECONDS, uri);
    }

    /** A problem the client may retry, after Retry-After seconds (a service away, a rate limit reached). */
    static RestResponse<Problem> retryLater(int status, String detail, Object seconds, UriInfo uri) {
        return RestResponse.ResponseBuilder.<Problem>create(status).entity(problemBody(status, detail, uri))
                .header("Retry-After", seconds).type(Problem.MEDIA_TYPE).build();
    }

    static RestResponse<Problem> problem(int status, String detail, UriInfo uri) {
        return RestResponse.ResponseBuilder.<Problem>create(status).entity(problemBody(status, detail, uri)).type(Problem.MEDIA_TYPE).build();
    }

    private static Problem problemBody(int status, String detail, UriInfo uri) {
        RestResponse.Status known = RestResponse.Status.fromStatusCode(status);
        return new Problem("about:blank", known != null ? known.getReasonPhrase() : "Error", status, detail,
                uri == null ? null : uri.getPath());
    }
}
