package org.renfort.transfer.domain.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A plan with where each approved patient's transfer stands now (by assignment number). */
public record PlanView(RedistributionPlan plan, Map<Integer, ApprovedTransfer> transfers) {
    public PlanView {
        transfers = Map.copyOf(transfers);
    }

    public AssignmentStatus statusOf(PlanAssignment a) {
        return AssignmentStatus.of(a, Optional.ofNullable(transfers.get(a.number())).map(ApprovedTransfer::status));
    }

    public Optional<ApprovedTransfer> transferOf(PlanAssignment a) {
        return Optional.ofNullable(transfers.get(a.number()));
    }

    public PlanProgress progress() {
        return PlanProgress.of(plan.assignments().stream().map(this::statusOf).toList());
    }

    /** Every patient is where nothing more will happen in this plan (arrived, cancelled or unplaced). */
    public boolean isSettled() {
        return plan.assignments().stream().map(this::statusOf).allMatch(AssignmentStatus::isSettled);
    }

    /** The assignments whose status differs from an earlier view's. */
    public List<PlanAssignment> changedSince(PlanView earlier) {
        return plan.assignments().stream().filter(a -> earlier == null || earlier.statusOf(a) != statusOf(a)
                || !earlier.transferOf(a).equals(transferOf(a))).toList();
    }
}
