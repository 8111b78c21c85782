package org.renfort.transfer.domain.plan;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;
import org.renfort.planner.Plan;
import org.renfort.transfer.domain.PatientReference;

import java.util.Optional;
import java.util.UUID;

/**
 * One patient of a plan: its planned hospital and bed category (or why it has none), and the
 * transfer that carries it out once approved.
 */
public record PlanAssignment(int number, String group, PatientReference patient, Optional<HospitalId> hospital,
                             BedCategory bedCategory, boolean substituted, int travelMinutes,
                             Optional<Plan.Reason> unplacedReason, boolean staleFigures, Optional<UUID> transferId) {

    public boolean isPlaced() {
        return hospital.isPresent();
    }

    PlanAssignment numbered(int n) {
        return new PlanAssignment(n, group, patient, hospital, bedCategory, substituted, travelMinutes, unplacedReason,
                staleFigures, transferId);
    }

    public PlanAssignment approvedAs(UUID transfer) {
        return new PlanAssignment(number, group, patient, hospital, bedCategory, substituted, travelMinutes, unplacedReason,
                staleFigures, Optional.of(transfer));
    }
}
