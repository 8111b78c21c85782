package org.renfort.capacity.domain;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.InvalidArgumentException;

import java.time.Instant;
import java.util.UUID;

/** One category of one accepted report: a point of a hospital's occupancy curve. */
public record HistoryPoint(Instant reportedAt, UUID reportId, ReportSource source, BedCount beds) {

    /** Where a page of a history stops: points come ordered by report time, report and category. */
    public record Cursor(Instant reportedAt, UUID reportId, BedCategory category) {
        private static final String FIELD = "page_token";

        public static Cursor parse(String token) {
            String[] parts = token.split("_", 3);
            try {
                return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]), BedCategory.valueOf(parts[2]));
            } catch (RuntimeException e) {
                throw new InvalidArgumentException(FIELD, "is not a token this service issued");
            }
        }

        public String token() {
            return reportedAt + "_" + reportId + "_" + category.name();
        }
    }

    public Cursor cursor() {
        return new Cursor(reportedAt, reportId, beds.category());
    }
}
