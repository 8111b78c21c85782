package org.renfort.transfer.domain;

import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.InvalidArgumentException;

import java.time.Instant;
import java.util.Optional;

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

    /** A new estimated arrival, a position, or both, reported by the crew on its way (or before leaving). */
    record Progress(Optional<Instant> estimatedArrival, Optional<GeoPoint> position) implements TransportStep {
        public Progress {
            if (estimatedArrival.isEmpty() && position.isEmpty()) {
                throw new InvalidArgumentException("progress", "must carry an estimated_arrival, a position or both");
            }
        }

        public TransferTransition transition() {
            return TransferTransition.REPORT_PROGRESS;
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
