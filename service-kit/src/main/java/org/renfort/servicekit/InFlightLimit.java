package org.renfort.servicekit;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load shedding: at most {@code renfort.grpc.max-in-flight} unary calls run at once in a
 * service; one more is refused at once with {@code UNAVAILABLE} (retry shortly - the gateway
 * answers 503 with Retry-After) instead of queueing. An overload then costs refusals, not memory:
 * offered 2,000 reports/s, capacity-service queued 16,000 calls and its heap went past its pod's
 * limit. Streams (the watches) are long-lived by design and not counted.
 */
@ApplicationScoped
@GlobalInterceptor
public class InFlightLimit implements ServerInterceptor {
    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();

    @Inject
    public InFlightLimit(@ConfigProperty(name = "renfort.grpc.max-in-flight", defaultValue = "1000") int max) {
        if (max < 1) {
            throw new IllegalArgumentException("renfort.grpc.max-in-flight must be at least 1, got " + max);
        }
        this.max = max;
    }

    int inFlight() {
        return inFlight.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
            return next.startCall(call, headers);
        }
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            call.close(Status.UNAVAILABLE.withDescription("overloaded: " + max + " calls already in progress; retry shortly"),
                    new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(new SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    end.run();
                    super.close(status, trailers);
                }
            }, headers);
        } catch (RuntimeException e) {
            end.run();
            throw e;
        }
        // Whoever closes the call (another interceptor may refuse it), it ends with one of these.
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                end.run();
                super.onComplete();
            }

            @Override
            public void onCancel() {
                end.run();
                super.onCancel();
            }
        };
    }
}
