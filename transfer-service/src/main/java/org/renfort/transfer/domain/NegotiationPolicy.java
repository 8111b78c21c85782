package org.renfort.transfer.domain;

import org.renfort.kernel.Acuity;
import org.renfort.kernel.HospitalId;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How widely and how long a transfer is offered: K hospitals at once and a deadline, both by
 * acuity; how long an accepted bed stays held for the journey; how often an unplaced transfer
 * looks again when nothing in the region wakes it up.
 */
public record NegotiationPolicy(Map<Acuity, Integer> offersAtOnce, Map<Acuity, Duration> answerDeadline,
                                Duration holdUntilArrival, Duration unplacedRetry) {

    public NegotiationPolicy {
        offersAtOnce = Map.copyOf(offersAtOnce);
        answerDeadline = Map.copyOf(answerDeadline);
        for (Acuity a : Acuity.values()) {
            if (offersAtOnce.getOrDefault(a, 0) < 1 || answerDeadline.get(a) == null) {
                throw new IllegalArgumentException("offers at once and deadline are needed for every acuity; " + a + " is missing");
            }
        }
    }

    /** The deadline rule: an offer opened now must be answered by then (its bed is held that long). */
    public Instant answerBy(Acuity acuity, Instant now) {
        return now.plus(answerDeadline.get(acuity)).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The next hospitals to ask: the preferred ones first, then the nearest, skipping those
     * excluded; only the directed hospital when a coordinator named one.
     */
    public List<Candidate> choose(List<Candidate> found, TransferRequirements requirements, Set<HospitalId> excluded,
                                  Optional<HospitalId> directed) {
        if (directed.isPresent()) {
            if (excluded.contains(directed.get())) {
                // Asked in this pass already (declined, silent, or no bed to hold): wait for the next pass.
                return List.of();
            }
            // The coordinator decided: ask that hospital even if the search did not list it;
            // placing the hold tells whether it has a bed (travel time then unknown: 0).
            return List.of(found.stream().filter(c -> c.hospital().equals(directed.get())).findFirst()
                    .orElse(new Candidate(directed.get(), 0)));
        }
        var preferred = requirements.preferredHospitals();
        int k = offersAtOnce.get(requirements.acuity());
        return found.stream()
                .filter(c -> !excluded.contains(c.hospital()) && !requirements.excludedHospitals().contains(c.hospital()))
                .sorted(Comparator.<Candidate>comparingInt(c -> preferred.contains(c.hospital()) ? preferred.indexOf(c.hospital()) : Integer.MAX_VALUE)
                        .thenComparingInt(Candidate::travelMinutes))
                .limit(k)
                .toList();
    }
}
