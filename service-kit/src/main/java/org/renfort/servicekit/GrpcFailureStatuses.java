package org.renfort.servicekit;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import io.quarkus.grpc.auth.AuthExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.renfort.kernel.DomainException;

import java.util.UUID;

/**
 * What any failure of an RPC becomes on the wire. Refusals keep their status and description;
 * security failures keep Quarkus' mapping; anything else is a fault of ours, answered INTERNAL
 * with a generic text and an id to find the details in this service's log: no exception class,
 * SQL or stack ever reaches a client.
 */
@ApplicationScoped
public class GrpcFailureStatuses implements ExceptionHandlerProvider {
    private static final Logger LOG = Logger.getLogger(GrpcFailureStatuses.class);
    private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of(RequestIds.HEADER, Metadata.ASCII_STRING_MARSHALLER);

    private final AuthExceptionHandlerProvider authentication;

    GrpcFailureStatuses(AuthExceptionHandlerProvider authentication) {
        this.authentication = authentication;
    }

    @Override
    public <Q, R> ExceptionHandler<Q, R> createHandler(ServerCall.Listener<Q> listener, ServerCall<Q, R> call, Metadata headers) {
        return new ExceptionHandler<>(listener, call, headers) {
            @Override
            protected void handleException(Throwable failure, ServerCall<Q, R> serverCall, Metadata trailers) {
                StatusRuntimeException status = toStatus(failure, headers.get(REQUEST_ID));
                serverCall.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
            }
        };
    }

    @Override
    public Throwable transform(Throwable failure) {
        return toStatus(failure, null);
    }

    StatusRuntimeException toStatus(Throwable failure, String sentRequestId) {
        if (failure instanceof DomainException refusal) {
            return (StatusRuntimeException) GrpcErrors.toStatus(refusal);
        }
        if (failure instanceof StatusRuntimeException status && !isFault(status.getStatus())) {
            return status;
        }
        if (failure instanceof StatusException status && !isFault(status.getStatus())) {
            return status.getStatus().asRuntimeException(status.getTrailers());
        }
        if (authentication.handlesException(failure)) {
            StatusException status = authentication.transformToStatusException(failure);
            return status.getStatus().asRuntimeException(status.getTrailers());
        }
        String id = RequestIds.isSafe(sentRequestId) ? sentRequestId : UUID.randomUUID().toString();
        LOG.errorf(failure, "internal error, request id %s", id);
        return Status.INTERNAL.withDescription("internal error (request id " + id + "); the details are in the service's log")
                .asRuntimeException();
    }

    /** Statuses whose description may carry internals (a library's own text): never passed on. */
    private static boolean isFault(Status status) {
        return status.getCode() == Status.Code.INTERNAL || status.getCode() == Status.Code.UNKNOWN
                || status.getCode() == Status.Code.DATA_LOSS;
    }
}
