package org.renfort.planner;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.Acuity;
import org.renfort.kernel.GeoPoint;

import java.util.Set;

/**
 * Patients to place who need the same thing from the same place (where they are now: their
 * hospital's location, or a position in the field): {@code count} x a bed of a
 * category, an acuity, capabilities, at most {@code maxTravelMinutes} away, never at the
 * excluded hospitals, and at the preferred ones whenever they have a usable bed within reach
 * (e.g. where the patients' own specialists are). One patient is a group of one.
 */
public record PatientGroup(String reference, GeoPoint origin, int count, BedCategory category, Acuity acuity,
                           Set<Capability> capabilities, int maxTravelMinutes, Set<HospitalId> excluded,
                           Set<HospitalId> preferred) {
    public static final int MAX_COUNT = 10_000;
    public static final int MAX_TRAVEL_MINUTES = 600;

    /** A group without preferred hospitals. */
    public PatientGroup(String reference, GeoPoint origin, int count, BedCategory category, Acuity acuity,
                        Set<Capability> capabilities, int maxTravelMinutes, Set<HospitalId> excluded) {
        this(reference, origin, count, category, acuity, capabilities, maxTravelMinutes, excluded, Set.of());
    }

    public PatientGroup {
        if (reference == null || reference.isBlank()) {
            throw new InvalidArgumentException("reference", "is required");
        }
        if (origin == null || category == null || acuity == null) {
            throw new InvalidArgumentException(origin == null ? "origin" : category == null ? "category" : "acuity", "is required");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidArgumentException("count", "must be between 1 and " + MAX_COUNT + " (got " + count + ")");
        }
        if (maxTravelMinutes < 1 || maxTravelMinutes > MAX_TRAVEL_MINUTES) {
            throw new InvalidArgumentException("max_travel_minutes", "must be between 1 and " + MAX_TRAVEL_MINUTES
                    + " (got " + maxTravelMinutes + ")");
        }
        capabilities = Set.copyOf(capabilities);
        excluded = Set.copyOf(excluded);
        preferred = Set.copyOf(preferred);
        for (HospitalId h : preferred) {
            if (excluded.contains(h)) {
                throw new InvalidArgumentException("preferred_hospital_ids", "hospital " + h.value() + " is also excluded");
            }
        }
    }
}
