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
import io.vertx.pgclient.PgException;
import org.hibernate.JDBCException;
import org.jboss.logging.Logger;
import org.renfort.kernel.DomainException;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What any failure of an RPC becomes on the wire. Refusals keep their status and description;
 * security failures keep Quarkus' mapping; a write that lost a race with a concurrent one (unique
 * violation, serialization failure, deadlock, lock timeout) is ABORTED, to be resent; anything
 * else is a fault of ours, answered INTERNAL
 * with a generic text and an id to find the details in this service's log: no exception class,
 * SQL or stack ever reaches a client.
 */
@ApplicationScoped
public class GrpcFailureStatuses implements ExceptionHandlerProvider {
    private static final Logger LOG = Logger.getLogger(GrpcFailureStatuses.class);
    /** unique_violation, serialization_failure, deadlock_detected, lock_not_available. */
    private static final Set<String> CONFLICTS = Set.of("23505", "40001", "40P01", "55P03");
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
        Optional<String> conflict = concurrencyConflict(failure);
        if (conflict.isPresent()) {
            // Two calls raced (the same idempotency key sent twice at once, one hold for the last
            // bed): the caller did nothing wrong and a resend gets the settled answer.
            LOG.debugf("concurrency conflict, SQLSTATE %s", conflict.get());
            return Status.ABORTED.withDescription("a concurrent request conflicted with this one (for example the same "
                    + "idempotency key sent twice at once); resend it to get its result").asRuntimeException();
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

    /** The SQLSTATE of a unique violation, serialization failure, deadlock or lock timeout, if that is the cause. */
    private static Optional<String> concurrencyConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = t instanceof PgException pg ? pg.getSqlState()
                    : t instanceof SQLException sql ? sql.getSQLState()
                    : t instanceof JDBCException jdbc ? jdbc.getSQLState() : null;
            if (state != null && CONFLICTS.contains(state)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** Statuses whose description may carry internals (a library's own text): never passed on. */
    private static boolean isFault(Status status) {
        return status.getCode() == Status.Code.INTERNAL || status.getCode() == Status.Code.UNKNOWN
                || status.getCode() == Status.Code.DATA_LOSS;
    }
}
