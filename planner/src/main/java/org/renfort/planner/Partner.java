package org.renfort.planner;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.HospitalId;

import java.util.Map;
import java.util.Set;

/**
 * A hospital that may take patients, as the regional picture shows it at planning time: its free
 * beds by category (available minus held), its capabilities, and whether its figures are stale.
 */
public record Partner(HospitalId hospital, Map<BedCategory, Integer> freeBeds, Set<Capability> capabilities, boolean stale) {
    public Partner {
        freeBeds = Map.copyOf(freeBeds);
        capabilities = Set.copyOf(capabilities);
    }

    public int free(BedCategory category) {
        return Math.max(0, freeBeds.getOrDefault(category, 0));
    }
}
