package org.renfort.gateway.client;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.contractrules.RequestRules;

import java.util.Optional;

/**
 * Checks every request the gateway is about to send against the contract's field rules (the
 * same ones the services enforce): a request built from malformed REST input fails here with
 * INVALID_ARGUMENT naming the field, without a network call, so it never costs a service any
 * work. The call is only opened once its message has passed.
 */
@ApplicationScoped
public class OutgoingRequestRules implements ClientInterceptor {
    private final RequestRules rules = new RequestRules();

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ClientCall<>() {
            private Listener<R> listener;
            private Metadata headers;
            private int requested;
            private ClientCall<Q, R> call;
            private boolean refused;

            @Override
            public void start(Listener<R> responseListener, Metadata requestHeaders) {
                listener = responseListener;
                headers = requestHeaders;
            }

            @Override
            public void request(int numMessages) {
                if (call != null) {
                    call.request(numMessages);
                } else {
                    requested += numMessages;
                }
            }

            @Override
            public void sendMessage(Q message) {
                if (refused) {
                    return;
                }
                if (call == null) {
                    Optional<String> violations = message instanceof Message m ? rules.violations(m) : Optional.empty();
                    if (violations.isPresent()) {
                        refused = true;
                        listener.onClose(Status.INVALID_ARGUMENT.withDescription(violations.get()), new Metadata());
                        return;
                    }
                    call = next.newCall(method, options);
                    call.start(listener, headers);
                    if (requested > 0) {
                        call.request(requested);
                    }
                }
                call.sendMessage(message);
            }

            @Override
            public void halfClose() {
                if (call != null) {
                    call.halfClose();
                }
            }

            @Override
            public void cancel(String message, Throwable cause) {
                if (call != null) {
                    call.cancel(message, cause);
                } else if (!refused) {
                    refused = true;
                    listener.onClose(Status.CANCELLED.withDescription(message).withCause(cause), new Metadata());
                }
            }

            @Override
            public boolean isReady() {
                return call == null || call.isReady();
            }

            @Override
            public void setMessageCompression(boolean enabled) {
                if (call != null) {
                    call.setMessageCompression(enabled);
                }
            }
        };
    }
}
