package org.renfort.planner;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.Acuity;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Region-wide rules of a plan: the share of each partner's free beds that may be used (the rest
 * stays for its own emergencies), per-hospital exceptions, allowed category substitutions,
 * whether stale hospitals are left out, and how much an hour of travel weighs by acuity.
 */
public record PlanRules(double usableShare, Map<HospitalId, Double> usableShareOf, List<Substitution> substitutions,
                        boolean excludeStale, Map<Acuity, Integer> acuityWeight) {

    /** 80 % of free beds usable, no substitution, stale hospitals left out, weights 4 / 2 / 1. */
    public static PlanRules defaults() {
        return new PlanRules(0.8, Map.of(), List.of(), true, Map.of(Acuity.IMMEDIATE, 4, Acuity.URGENT, 2, Acuity.PLANNED, 1));
    }

    public PlanRules {
        checkShare("usable_share", usableShare);
        usableShareOf = Map.copyOf(usableShareOf);
        usableShareOf.forEach((h, share) -> checkShare("usable_share_of[" + h.value() + "]", share));
        substitutions = List.copyOf(substitutions);
        acuityWeight = Map.copyOf(acuityWeight);
        for (Acuity a : Acuity.values()) {
            Integer w = acuityWeight.get(a);
            if (w == null || w < 1 || w > 100) {
                throw new InvalidArgumentException("acuity_weight[" + a + "]", "must be between 1 and 100");
            }
        }
    }

    private static void checkShare(String field, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new InvalidArgumentException(field, "must be between 0 and 1 (got " + share + ")");
        }
    }

    /** The beds of a category a partner may give: its usable share of the free ones, rounded down. */
    public int usableBeds(Partner partner, BedCategory category) {
        double share = usableShareOf.getOrDefault(partner.hospital(), usableShare);
        return (int) Math.floor(partner.free(category) * share + 1e-9);
    }

    public int weight(Acuity acuity) {
        return acuityWeight.get(acuity);
    }

    /** The penalty of taking a bed of {@code used} for a patient needing {@code needed}, if allowed. */
    public Optional<Integer> penalty(BedCategory needed, BedCategory used) {
        if (needed == used) {
            return Optional.of(0);
        }
        return substitutions.stream().filter(s -> s.needed() == needed && s.used() == used)
                .map(Substitution::penaltyMinutes).min(Integer::compare);
    }
}
