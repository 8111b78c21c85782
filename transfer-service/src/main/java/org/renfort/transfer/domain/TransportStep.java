package org.renfort.transfer.domain;

/** One step of the journey after acceptance; its move in the transition table says where it may follow. */
public sealed interface TransportStep {

    TransferTransition transition();

    default String action() {
        return transition().verb();
    }

    /** Assigning again replaces the crew (a breakdown, a better-suited team). */
    record AssignCrew(Transport transport) implements TransportStep {
        public TransferTransition transition() {
            return TransferTransition.ASSIGN_CREW;
        }
    }

    record Departed() implements TransportStep {
        public TransferTransition transition() {
            return TransferTransition.DEPART;
        }
    }

    record Arrived() implements TransportStep {
        public TransferTransition transition() {
            return TransferTransition.ARRIVE;
        }
    }

    record Completed() implements TransportStep {
        public TransferTransition transition() {
            return TransferTransition.COMPLETE;
        }
    }
}
