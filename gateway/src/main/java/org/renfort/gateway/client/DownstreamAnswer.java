package org.renfort.gateway.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.EnumSet;
import java.util.Set;

/**
 * A service answered the call with an error: a refusal of the caller's request (bad input,
 * unknown resource, denied...) or a failure of its own on that one request. The service is up:
 * this is neither retried nor counted by the breakers, so one caller's malformed or unlucky
 * requests never take the service off the air for the others. Only failures to get an answer
 * at all (UNAVAILABLE, DEADLINE_EXCEEDED, the gateway's own timeout) count as faults.
 */
public class DownstreamAnswer extends RuntimeException {
    private static final Set<Status.Code> FAULTS = EnumSet.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

    private final Status.Code code;

    DownstreamAnswer(Status.Code code, String description) {
        super(description, null, false, false);
        this.code = code;
    }

    public Status.Code code() {
        return code;
    }

    /** Answers become DownstreamAnswer; faults stay as they are, for the breaker and the retries. */
    public static Throwable classify(Throwable failure) {
        if (failure instanceof StatusRuntimeException e && !FAULTS.contains(e.getStatus().getCode())) {
            return new DownstreamAnswer(e.getStatus().getCode(), e.getStatus().getDescription());
        }
        return failure;
    }
}
