package org.renfort.capacity.domain;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.HospitalId;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The current figures of one hospital: one per reported category, and its status. */
public record HospitalCapacity(HospitalId hospitalId, Map<BedCategory, Reported<BedCount>> beds,
                               Optional<Reported<HospitalStatus>> status) {

    public HospitalCapacity {
        beds = Map.copyOf(beds);
    }

    public Optional<HospitalStatus> currentStatus() {
        return status.map(Reported::value);
    }

    /**
     * Refuses a report older than any figure it would replace: a late, resent or reordered
     * report never overwrites newer data.
     */
    public void checkNotStale(CapacityReport report) {
        for (BedCount count : report.beds()) {
            Reported<BedCount> stored = beds.get(count.category());
            if (stored != null && report.reportedAt().isBefore(stored.reportedAt())) {
                throw new FailedPreconditionException("stale report: " + count.category() + " of " + hospitalId
                        + " was reported at " + stored.reportedAt() + ", after this report's " + report.reportedAt());
            }
        }
        if (report.status().isPresent() && status.isPresent()
                && report.reportedAt().isBefore(status.get().reportedAt())) {
            throw new FailedPreconditionException("stale report: the status of " + hospitalId
                    + " was reported at " + status.get().reportedAt() + ", after this report's " + report.reportedAt());
        }
    }

    /** The figures once an accepted report is applied. */
    public HospitalCapacity with(CapacityReport report, ReportSource source) {
        Map<BedCategory, Reported<BedCount>> next = new EnumMap<>(BedCategory.class);
        next.putAll(beds);
        for (BedCount count : report.beds()) {
            next.put(count.category(), new Reported<>(count, report.reportedAt(), source));
        }
        Optional<Reported<HospitalStatus>> nextStatus = report.status()
                .map(s -> new Reported<>(s, report.reportedAt(), source)).or(() -> status);
        return new HospitalCapacity(hospitalId, next, nextStatus);
    }

    /** Categories in a stable order, for answers. */
    public List<Reported<BedCount>> bedsInOrder() {
        return beds.isEmpty() ? List.of() : new EnumMap<>(beds).values().stream().toList();
    }

    public static HospitalCapacity empty(HospitalId id) {
        return new HospitalCapacity(id, Map.of(), Optional.empty());
    }
}
