package org.renfort.servicekit;

import com.google.protobuf.Message;
import org.renfort.contractrules.RequestRules;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Every request of every RPC is checked against the contract's field rules before the service
 * sees it: a violation is answered INVALID_ARGUMENT naming the field, and no method runs. So is
 * a request that could not be decoded at all (not a protobuf message, a string that is not
 * UTF-8): the transport drops it, and the call half-closes without one.
 */
@ApplicationScoped
@GlobalInterceptor
public class RequestRulesInterceptor implements ServerInterceptor {
    private final RequestRules rules = new RequestRules();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean refused;
            private boolean received;

            @Override
            public void onMessage(Q message) {
                if (refused) {
                    return;
                }
                received = true;
                Optional<String> violations = message instanceof Message m ? rules.violations(m) : Optional.empty();
                if (violations.isPresent()) {
                    refused = true;
                    call.close(Status.INVALID_ARGUMENT.withDescription(violations.get()), new Metadata());
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!received && !refused && call.getMethodDescriptor().getType().clientSendsOneMessage()) {
                    refused = true;
                    call.close(Status.INVALID_ARGUMENT.withDescription("the request is not a valid "
                            + call.getMethodDescriptor().getBareMethodName() + " message (malformed protobuf, "
                            + "or a string that is not UTF-8)"), new Metadata());
                }
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }
}
