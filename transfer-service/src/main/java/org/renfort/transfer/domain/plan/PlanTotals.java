package org.renfort.transfer.domain.plan;

import org.renfort.planner.Plan;

/** One way of placing the patients, summed up. */
public record PlanTotals(int placed, int unplaced, long weightedMinutes, int worstTravelMinutes, long solveMicros) {

    public static PlanTotals of(Plan plan) {
        return new PlanTotals(plan.placements().size(), plan.unplaced().size(), plan.weightedMinutes(),
                plan.worstTravelMinutes(), plan.solveTime().toNanos() / 1_000);
    }
}
