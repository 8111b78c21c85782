package org.renfort.planner;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.InvalidArgumentException;

/** A patient needing one category may take a bed of another, at a cost counted as extra minutes of travel. */
public record Substitution(BedCategory needed, BedCategory used, int penaltyMinutes) {
    public Substitution {
        if (needed == null || used == null || needed == used) {
            throw new InvalidArgumentException("substitutions", "name two different categories");
        }
        if (penaltyMinutes < 0 || penaltyMinutes > PatientGroup.MAX_TRAVEL_MINUTES) {
            throw new InvalidArgumentException("substitutions.penalty_minutes",
                    "must be between 0 and " + PatientGroup.MAX_TRAVEL_MINUTES + " (got " + penaltyMinutes + ")");
        }
    }
}
