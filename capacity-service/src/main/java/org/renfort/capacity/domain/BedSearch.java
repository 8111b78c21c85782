package org.renfort.capacity.domain;

import org.renfort.kernel.AgeBand;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * "Where can this patient go?": a bed category, the capabilities the patient needs, the age
 * band, where the patient is (a position, or a hospital - which is then not a candidate) and
 * how far the patient may travel.
 */
public record BedSearch(BedCategory category, Set<Capability> requiredCapabilities, Optional<AgeBand> ageBand,
                        GeoPoint origin, Optional<HospitalId> originHospital, Duration maxTravel, int limit) {
    public static final int MAX_LIMIT = 100;
    public static final Duration MAX_TRAVEL = Duration.ofHours(12);

    public BedSearch {
        if (category == null) {
            throw new InvalidArgumentException("category", "is required");
        }
        if (origin == null) {
            throw new InvalidArgumentException("origin", "is required: a hospital_id or a position");
        }
        if (maxTravel.isNegative() || maxTravel.isZero() || maxTravel.compareTo(MAX_TRAVEL) > 0) {
            throw new InvalidArgumentException("max_travel_minutes", "must be between 1 and " + MAX_TRAVEL.toMinutes());
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidArgumentException("limit", "must be between 1 and " + MAX_LIMIT + " (got " + limit + ")");
        }
        requiredCapabilities = requiredCapabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(requiredCapabilities));
    }

    /** Capabilities a hospital needs for this patient: those asked for, plus what the age band implies. */
    public Set<Capability> neededCapabilities() {
        Set<Capability> needed = requiredCapabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(requiredCapabilities);
        ageBand.flatMap(AgeBand::requiredCapability).ifPresent(needed::add);
        return needed;
    }
}
