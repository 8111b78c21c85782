package org.renfort.transfer.domain;

import org.renfort.kernel.FailedPreconditionException;

import java.util.EnumSet;
import java.util.Set;

/** The life of a transfer; transfer-service/README.md draws the machine and its FHIR mapping. */
public enum TransferStatus {
    REQUESTED, NEGOTIATING, UNPLACED, ACCEPTED, TRANSPORT_ASSIGNED, IN_TRANSIT, ARRIVED, COMPLETED, CANCELLED;

    /** Where the negotiator may (re)start a round of offers. */
    public static final Set<TransferStatus> NEGOTIABLE = EnumSet.of(REQUESTED, NEGOTIATING, UNPLACED);

    /** A live transfer still needs something to happen; a patient has at most one. */
    public boolean isLive() {
        return this != COMPLETED && this != CANCELLED;
    }

    /** Accepted by a hospital and not yet arrived: dispatch's business. */
    public boolean needsTransport() {
        return this == ACCEPTED || this == TRANSPORT_ASSIGNED || this == IN_TRANSIT;
    }

    /** Refuses, naming the current state, unless this state is one of the allowed ones. */
    public void require(String action, Set<TransferStatus> allowed) {
        if (!allowed.contains(this)) {
            throw new FailedPreconditionException("cannot " + action + " a transfer that is " + this
                    + " (allowed from " + allowed + ")");
        }
    }

    public static final Set<TransferStatus> CANCELLABLE =
            EnumSet.of(REQUESTED, NEGOTIATING, UNPLACED, ACCEPTED, TRANSPORT_ASSIGNED, IN_TRANSIT);
    /** A coordinator may start over until the patient is on the road. */
    public static final Set<TransferStatus> REOPENABLE = EnumSet.of(REQUESTED, NEGOTIATING, UNPLACED, ACCEPTED, TRANSPORT_ASSIGNED);
}
