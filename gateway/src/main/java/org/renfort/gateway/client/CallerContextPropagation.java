package org.renfort.gateway.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.renfort.gateway.api.rest.RequestIdFilter;

/**
 * Passes the caller's own bearer token and the request id on to the services. The services
 * verify the token again and apply their tenancy rules to the real caller: the gateway holds no
 * privilege of its own. The header is read from the current HTTP request (already verified by
 * the gateway's {@code @RolesAllowed} check), which never blocks the event loop.
 */
@ApplicationScoped
public class CallerContextPropagation implements ClientInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of(RequestIdFilter.HEADER, Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    CurrentVertxRequest request;

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                               CallOptions options, Channel next) {
        Metadata caller = currentCaller();
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
                headers.merge(caller);
                super.start(listener, headers);
            }
        };
    }

    /**
     * The current HTTP caller's token and request id as gRPC headers (empty outside a request):
     * what a stream opened for this caller carries once the HTTP request has returned.
     */
    public Metadata currentCaller() {
        RoutingContext current = Arc.container().requestContext().isActive() ? request.getCurrent() : null;
        Metadata caller = new Metadata();
        String authorization = bearer(current);
        String requestId = current == null ? null : current.get(RequestIdFilter.CONTEXT_KEY);
        if (authorization != null) {
            caller.put(AUTHORIZATION, authorization);
        }
        if (requestId != null) {
            caller.put(REQUEST_ID, requestId);
        }
        return caller;
    }

    private static String bearer(RoutingContext current) {
        String header = current == null ? null : current.request().getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header : null;
    }
}
