package org.renfort.transfer.client;

/** capacity-service could not be reached or did not answer in time: try again later, never invent a bed. */
public class CapacityUnavailableException extends RuntimeException {
    public CapacityUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
