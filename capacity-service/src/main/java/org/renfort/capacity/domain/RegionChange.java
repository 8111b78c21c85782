package org.renfort.capacity.domain;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One change of the regional picture, at a position in the region's change log. Its payload is
 * the resulting state of what changed, so applying changes in position order rebuilds the
 * picture exactly as of any position.
 */
public record RegionChange(long position, Kind kind, Instant occurredAt, HospitalId hospital, Payload payload) {

    public enum Kind {
        HOSPITAL_REGISTERED, CAPACITY_REPORTED, HOLD_PLACED, HOLD_RELEASED, HOLD_CONSUMED, HOLD_EXPIRED,
        HOSPITAL_UPDATED, HOSPITAL_RETIRED
    }

    public sealed interface Payload permits Registered, CapacityReported, HoldsChanged {
    }

    /** The registry entry as registered, updated or retired. */
    public record Registered(Hospital hospital) implements Payload {
    }

    /** The categories a report covered, with their held beds afterwards, and its status if any. */
    public record CapacityReported(List<CategoryState> categories, Optional<Reported<HospitalStatus>> status)
            implements Payload {
        public CapacityReported {
            categories = List.copyOf(categories);
        }
    }

    /** The held beds of one category after a hold was placed, released, consumed or expired. */
    public record HoldsChanged(BedCategory category, int held) implements Payload {
    }
}
