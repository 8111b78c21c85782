package org.renfort.transfer.domain;

import org.renfort.kernel.FailedPreconditionException;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import static org.renfort.transfer.domain.TransferStatus.ACCEPTED;
import static org.renfort.transfer.domain.TransferStatus.ARRIVED;
import static org.renfort.transfer.domain.TransferStatus.CANCELLED;
import static org.renfort.transfer.domain.TransferStatus.COMPLETED;
import static org.renfort.transfer.domain.TransferStatus.IN_TRANSIT;
import static org.renfort.transfer.domain.TransferStatus.NEGOTIATING;
import static org.renfort.transfer.domain.TransferStatus.REQUESTED;
import static org.renfort.transfer.domain.TransferStatus.TRANSPORT_ASSIGNED;
import static org.renfort.transfer.domain.TransferStatus.UNPLACED;

/**
 * The transition table of a transfer: each move, the states it may start from and the state it
 * leads to. It is the state diagram of transfer-service/README.md ({@code TransferTransitionTableTest}
 * checks they agree); {@link Transfer} refuses any move not in it.
 */
public enum TransferTransition {
    REQUEST("request", EnumSet.noneOf(TransferStatus.class), REQUESTED),
    OFFER_ROUND("send offers for", EnumSet.of(REQUESTED, NEGOTIATING, UNPLACED), NEGOTIATING),
    NO_CANDIDATE("leave unplaced", EnumSet.of(REQUESTED, NEGOTIATING), UNPLACED),
    ACCEPT("accept an offer for", EnumSet.of(NEGOTIATING), ACCEPTED),
    REOPEN("re-open", EnumSet.of(REQUESTED, NEGOTIATING, UNPLACED, ACCEPTED, TRANSPORT_ASSIGNED), NEGOTIATING),
    DIRECT("direct", EnumSet.of(REQUESTED, NEGOTIATING, UNPLACED, ACCEPTED, TRANSPORT_ASSIGNED), NEGOTIATING),
    ASSIGN_CREW("assign a crew to", EnumSet.of(ACCEPTED, TRANSPORT_ASSIGNED), TRANSPORT_ASSIGNED),
    REPORT_PROGRESS("report the progress of", EnumSet.of(TRANSPORT_ASSIGNED, IN_TRANSIT), null),
    DEPART("mark as departed", EnumSet.of(TRANSPORT_ASSIGNED), IN_TRANSIT),
    ARRIVE("mark as arrived", EnumSet.of(IN_TRANSIT), ARRIVED),
    COMPLETE("complete", EnumSet.of(ARRIVED), COMPLETED),
    CANCEL("cancel", EnumSet.of(REQUESTED, NEGOTIATING, UNPLACED, ACCEPTED, TRANSPORT_ASSIGNED, IN_TRANSIT), CANCELLED);

    private final String verb;
    private final Set<TransferStatus> from;
    /** Null for a move that keeps the state it starts from. */
    private final TransferStatus to;

    TransferTransition(String verb, Set<TransferStatus> from, TransferStatus to) {
        this.verb = verb;
        this.from = from;
        this.to = to;
    }

    public Set<TransferStatus> from() {
        return Collections.unmodifiableSet(from);
    }

    /** The state this move leads to from {@code from}. */
    public TransferStatus to(TransferStatus from) {
        return to == null ? from : to;
    }

    public String verb() {
        return verb;
    }

    public boolean allowedFrom(TransferStatus status) {
        return from.contains(status);
    }

    /** Refuses, naming the current state and the allowed ones, unless the move may start from it. */
    public void requireFrom(TransferStatus status) {
        if (!allowedFrom(status)) {
            throw new FailedPreconditionException("cannot " + verb + " a transfer that is " + status
                    + " (allowed from " + from + ")");
        }
    }
}
