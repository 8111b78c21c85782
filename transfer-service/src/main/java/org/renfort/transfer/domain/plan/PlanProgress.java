package org.renfort.transfer.domain.plan;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** How many patients of a plan stand where. */
public record PlanProgress(Map<AssignmentStatus, Integer> counts) {
    public PlanProgress {
        counts = Map.copyOf(counts);
    }

    public static PlanProgress of(Collection<AssignmentStatus> statuses) {
        Map<AssignmentStatus, Integer> counts = new EnumMap<>(AssignmentStatus.class);
        for (AssignmentStatus s : AssignmentStatus.values()) {
            counts.put(s, 0);
        }
        statuses.forEach(s -> counts.merge(s, 1, Integer::sum));
        return new PlanProgress(counts);
    }

    public int count(AssignmentStatus status) {
        return counts.getOrDefault(status, 0);
    }
}
