package org.renfort.capacity.domain;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.InvalidArgumentException;

/**
 * The beds of one category as a hospital counts them. Rules, each refused by name:
 * every count is non-negative; occupied <= staffed; available <= staffed - occupied (beds that
 * are staffed but neither occupied nor available are blocked). Surge beds are extra beds, not
 * part of staffed.
 */
public record BedCount(BedCategory category, int staffed, int occupied, int available,
                       int additionalWithin24h, int additionalWithin72h) {

    public BedCount {
        String where = "beds[" + category + "]";
        if (category == null) {
            throw new InvalidArgumentException("beds.category", "is required");
        }
        requireNonNegative(where + ".staffed", staffed);
        requireNonNegative(where + ".occupied", occupied);
        requireNonNegative(where + ".available", available);
        requireNonNegative(where + ".additional_within_24h", additionalWithin24h);
        requireNonNegative(where + ".additional_within_72h", additionalWithin72h);
        if (occupied > staffed) {
            throw new InvalidArgumentException(where,
                    "rule occupied <= staffed broken (occupied " + occupied + ", staffed " + staffed + ")");
        }
        if (available > staffed - occupied) {
            throw new InvalidArgumentException(where, "rule available <= staffed - occupied broken (available "
                    + available + ", staffed " + staffed + ", occupied " + occupied + ")");
        }
    }

    private static void requireNonNegative(String field, int value) {
        if (value < 0) {
            throw new InvalidArgumentException(field, "rule count >= 0 broken (got " + value + ")");
        }
    }
}
