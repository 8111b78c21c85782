package org.renfort.transfer.domain;

/**
 * The life of a transfer; {@link TransferTransition} is the table of its moves, and
 * transfer-service/README.md draws the machine and its FHIR mapping.
 */
public enum TransferStatus {
    REQUESTED, NEGOTIATING, UNPLACED, ACCEPTED, TRANSPORT_ASSIGNED, IN_TRANSIT, ARRIVED, COMPLETED, CANCELLED;

    /** A live transfer still needs something to happen; a patient has at most one. */
    public boolean isLive() {
        return this != COMPLETED && this != CANCELLED;
    }

    /** Where the negotiator may (re)start a round of offers. */
    public boolean isNegotiable() {
        return this == REQUESTED || this == NEGOTIATING || this == UNPLACED;
    }

    /** Accepted by a hospital and not yet arrived: dispatch's business. */
    public boolean needsTransport() {
        return this == ACCEPTED || this == TRANSPORT_ASSIGNED || this == IN_TRANSIT;
    }
}
