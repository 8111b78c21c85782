package org.renfort.planner;

import java.util.OptionalDouble;

/** The optimal plan beside the greedy one, on the same data. */
public record PlanComparison(Plan optimal, Plan greedy) {

    /** How many more patients the optimum places (never fewer). */
    public int placedMore() {
        return optimal.placements().size() - greedy.placements().size();
    }

    /**
     * How much weighted travel the optimum saves, in % of the greedy plan's - when both place
     * as many patients (otherwise the optimum places more, which is the larger gain).
     */
    public OptionalDouble gapPercent() {
        if (placedMore() != 0 || greedy.weightedMinutes() == 0) {
            return placedMore() == 0 ? OptionalDouble.of(0) : OptionalDouble.empty();
        }
        return OptionalDouble.of(100.0 * (greedy.weightedMinutes() - optimal.weightedMinutes()) / greedy.weightedMinutes());
    }
}
