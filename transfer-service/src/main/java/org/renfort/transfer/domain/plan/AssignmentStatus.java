package org.renfort.transfer.domain.plan;

import org.renfort.transfer.domain.TransferStatus;

import java.util.Optional;

/** Where one patient of a plan stands: from the plan until approved, then from its transfer. */
public enum AssignmentStatus {
    PLANNED, OFFERED, ACCEPTED, IN_TRANSIT, ARRIVED, UNPLACED, CANCELLED;

    public static AssignmentStatus of(PlanAssignment assignment, Optional<TransferStatus> transfer) {
        if (transfer.isEmpty()) {
            return assignment.isPlaced() ? PLANNED : UNPLACED;
        }
        return switch (transfer.get()) {
            case REQUESTED, NEGOTIATING -> OFFERED;
            case ACCEPTED, TRANSPORT_ASSIGNED -> ACCEPTED;
            case IN_TRANSIT -> IN_TRANSIT;
            case ARRIVED, COMPLETED -> ARRIVED;
            case UNPLACED -> UNPLACED;
            case CANCELLED -> CANCELLED;
        };
    }

    /** Nothing more will happen to this patient in the plan. */
    public boolean isSettled() {
        return this == ARRIVED || this == CANCELLED || this == UNPLACED;
    }
}
