package org.renfort.servicekit;

import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import org.renfort.kernel.AlreadyExistsException;
import org.renfort.kernel.DomainException;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.NotFoundException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.ResourceExhaustedException;

import java.util.function.Supplier;

/** Maps domain refusals to gRPC statuses whose description says what is wrong. */
public final class GrpcErrors {
    private GrpcErrors() {
    }

    /** Runs the call, turning refusals thrown while mapping or while executing into statuses. */
    public static <T> Uni<T> guarded(Supplier<Uni<? extends T>> call) {
        return Uni.createFrom().<T>deferred(call).onFailure(DomainException.class).transform(GrpcErrors::toStatus);
    }

    public static RuntimeException toStatus(Throwable failure) {
        Status status;
        if (failure instanceof InvalidArgumentException) {
            status = Status.INVALID_ARGUMENT;
        } else if (failure instanceof NotFoundException) {
            status = Status.NOT_FOUND;
        } else if (failure instanceof FailedPreconditionException) {
            status = Status.FAILED_PRECONDITION;
        } else if (failure instanceof PermissionDeniedException) {
            status = Status.PERMISSION_DENIED;
        } else if (failure instanceof AlreadyExistsException) {
            status = Status.ALREADY_EXISTS;
        } else if (failure instanceof ResourceExhaustedException) {
            status = Status.RESOURCE_EXHAUSTED;
        } else {
            status = Status.INTERNAL;
        }
        return status.withDescription(failure.getMessage()).asRuntimeException();
    }
}
