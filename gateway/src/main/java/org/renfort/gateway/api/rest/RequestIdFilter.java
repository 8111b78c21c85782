package org.renfort.gateway.api.rest;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an X-Request-Id (the client's, if it sent a plain one), passes it to the
 * services with each gRPC call, and returns it: one id follows a request into every audit trail.
 */
public class RequestIdFilter {
    public static final String HEADER = "x-request-id";
    public static final String CONTEXT_KEY = "renfort.request-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @ServerRequestFilter(preMatching = true)
    public void assign(RoutingContext context) {
        String sent = context.request().getHeader(HEADER);
        context.put(CONTEXT_KEY, sent != null && SAFE.matcher(sent).matches() ? sent : UUID.randomUUID().toString());
    }

    @ServerResponseFilter
    public void echo(ContainerResponseContext response, RoutingContext context) {
        String id = context.get(CONTEXT_KEY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }
}
