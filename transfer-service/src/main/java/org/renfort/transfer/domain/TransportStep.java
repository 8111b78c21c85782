package org.renfort.transfer.domain;

import java.util.EnumSet;
import java.util.Set;

/** One step of the journey after acceptance, with the states it may follow. */
public sealed interface TransportStep {

    TransferStatus target();

    Set<TransferStatus> from();

    String action();

    /** Assigning again replaces the crew (a breakdown, a better-suited team). */
    record AssignCrew(Transport transport) implements TransportStep {
        public TransferStatus target() {
            return TransferStatus.TRANSPORT_ASSIGNED;
        }

        public Set<TransferStatus> from() {
            return EnumSet.of(TransferStatus.ACCEPTED, TransferStatus.TRANSPORT_ASSIGNED);
        }

        public String action() {
            return "assign a crew to";
        }
    }

    record Departed() implements TransportStep {
        public TransferStatus target() {
            return TransferStatus.IN_TRANSIT;
        }

        public Set<TransferStatus> from() {
            return EnumSet.of(TransferStatus.TRANSPORT_ASSIGNED);
        }

        public String action() {
            return "mark as departed";
        }
    }

    record Arrived() implements TransportStep {
        public TransferStatus target() {
            return TransferStatus.ARRIVED;
        }

        public Set<TransferStatus> from() {
            return EnumSet.of(TransferStatus.IN_TRANSIT);
        }

        public String action() {
            return "mark as arrived";
        }
    }

    record Completed() implements TransportStep {
        public TransferStatus target() {
            return TransferStatus.COMPLETED;
        }

        public Set<TransferStatus> from() {
            return EnumSet.of(TransferStatus.ARRIVED);
        }

        public String action() {
            return "complete";
        }
    }
}
