package org.renfort.transfer.domain;

/**
 * Work owed to capacity-service on an offer's bed hold. It is recorded in the same transaction
 * as the decision that needs it and carried out afterwards, retried until done: a crash between
 * the two loses nothing.
 */
public enum HoldAction {
    PLACE, RELEASE, EXTEND, CONSUME
}
