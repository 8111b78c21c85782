package org.renfort.planner;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where each patient goes. {@code weightedMinutes} is the objective: acuity weight x (travel +
 * substitution penalty), summed over the placed patients; unplaced patients say why.
 */
public record Plan(Method method, boolean provenOptimal, List<Placement> placements, List<Unplaced> unplaced,
                   long weightedMinutes, int worstTravelMinutes, Map<HospitalId, Integer> load, Duration solveTime) {

    public enum Method {
        /** Minimum-cost flow (OR-Tools): the fewest acuity-weighted unplaced patients, then the least weighted travel. */
        OPTIMAL,
        /** Patients in acuity order, each to the nearest bed left: what happens without a plan. */
        GREEDY_NEAREST
    }

    /** One patient ({@code patient} counts from 0 within its group) and its destination. */
    public record Placement(String group, int patient, HospitalId hospital, BedCategory category, int travelMinutes,
                            boolean substituted) {
    }

    public record Unplaced(String group, int patient, Reason reason) {
    }

    public enum Reason {
        /** No partner within the maximum travel time has a usable bed of the category (or an allowed substitute). */
        NO_BED_WITHIN_REACH,
        /** Beds within reach exist, but none at a hospital with the capabilities the patient needs. */
        CAPABILITY_MISSING,
        /** Beds that fit exist within reach, but other patients (more acute, or with no alternative) took them. */
        BEDS_TAKEN
    }

    public Plan {
        placements = List.copyOf(placements);
        unplaced = List.copyOf(unplaced);
        load = Map.copyOf(load);
    }
}
