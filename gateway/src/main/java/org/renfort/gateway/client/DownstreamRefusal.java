package org.renfort.gateway.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.EnumSet;
import java.util.Set;

/**
 * A service refused the caller's request (bad input, unknown resource, denied...). It is the
 * caller's answer, not a fault of the service: it is neither retried nor counted by breakers.
 */
public class DownstreamRefusal extends RuntimeException {
    private static final Set<Status.Code> CALLER_ERRORS = EnumSet.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS, Status.Code.FAILED_PRECONDITION,
            Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED, Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.OUT_OF_RANGE);

    private final Status.Code code;

    DownstreamRefusal(Status.Code code, String description) {
        super(description, null, false, false);
        this.code = code;
    }

    public Status.Code code() {
        return code;
    }

    /** Refusals become DownstreamRefusal; faults (UNAVAILABLE, DEADLINE_EXCEEDED...) stay as they are. */
    static Throwable classify(Throwable failure) {
        if (failure instanceof StatusRuntimeException e && CALLER_ERRORS.contains(e.getStatus().getCode())) {
            return new DownstreamRefusal(e.getStatus().getCode(), e.getStatus().getDescription());
        }
        return failure;
    }
}
