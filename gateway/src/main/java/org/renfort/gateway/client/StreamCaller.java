package org.renfort.gateway.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends a stream's call with the caller it was opened for ({@link #CALLER}, captured while the
 * REST request was handled), where {@link CallerContextPropagation} would read the current HTTP
 * request, which is gone by the time a stream reconnects to its service.
 */
@ApplicationScoped
public class StreamCaller implements ClientInterceptor {
    static final CallOptions.Key<Metadata> CALLER = CallOptions.Key.create("renfort-stream-caller");

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        Metadata caller = options.getOption(CALLER);
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                if (caller != null) {
                    headers.merge(caller);
                }
                super.start(listener, headers);
            }
        };
    }
}
