package org.renfort.transfer.domain;

/** The life of a transfer; transfer-service/README.md draws the machine and its FHIR mapping. */
public enum TransferStatus {
    REQUESTED, NEGOTIATING, UNPLACED, ACCEPTED, TRANSPORT_ASSIGNED, IN_TRANSIT, ARRIVED, COMPLETED, CANCELLED;

    /** A live transfer still needs something to happen; a patient has at most one. */
    public boolean isLive() {
        return this != COMPLETED && this != CANCELLED;
    }
}
