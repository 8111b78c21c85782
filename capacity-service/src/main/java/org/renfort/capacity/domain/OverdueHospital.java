package org.renfort.capacity.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A hospital whose newest figure is older than the freshness limit, or that never reported. */
public record OverdueHospital(Hospital hospital, Optional<Instant> lastReportedAt, Duration age) {

    /** The overdue hospitals of a region, the longest silent first. */
    public static List<OverdueHospital> in(Collection<HospitalState> region, Instant now, Duration limit) {
        return region.stream()
                .filter(h -> !h.hospital().retired())
                .map(h -> {
                    Optional<Instant> last = Stream.concat(h.categories().values().stream().map(CategoryState::reportedAt),
                            h.status().stream().map(Reported::reportedAt)).max(Instant::compareTo);
                    Duration age = last.map(l -> Duration.between(l, now)).orElse(Duration.ofDays(36500));
                    return new OverdueHospital(h.hospital(), last, age.isNegative() ? Duration.ZERO : age);
                })
                .filter(o -> o.age().compareTo(limit) > 0)
                .sorted(Comparator.comparing(OverdueHospital::age).reversed()
                        .thenComparing(o -> o.hospital().id().value()))
                .toList();
    }
}
