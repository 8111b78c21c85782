package org.renfort.transfer.client;

/**
 * capacity-service answered and said no to this hold (no bed left, hospital closed or unknown,
 * hold expired): a fact about that hospital, not a fault - retrying will not change it and the
 * circuit breaker does not count it.
 */
public class HoldRefusedException extends RuntimeException {
    public HoldRefusedException(String message) {
        super(message);
    }
}
