package org.renfort.transfer.domain;

import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.Optional;

/**
 * A transfer's negotiation bookkeeping. A campaign starts with the request and again at each
 * re-open or direction (declines are forgotten); a pass is a run of rounds that asks each
 * hospital at most once; {@code nextRoundAt} is when a round is due (or the lease of the
 * instance running it); {@code directedTo} is the hospital a coordinator named, or the one a
 * redistribution plan chose, with the travel time the plan computed (so that its round need not
 * ask capacity-service again); {@code directionFallsBack}: when that hospital cannot take the
 * patient, the transfer negotiates with the region instead of waiting for a coordinator.
 */
public record Negotiation(int campaign, int round, int passStartRound, Optional<Instant> nextRoundAt,
                          Optional<HospitalId> directedTo, Optional<Integer> directedTravelMinutes,
                          boolean directionFallsBack) {

    /** A new request: first campaign, first pass, its first round due at {@code firstRoundAt}. */
    public static Negotiation starting(Instant firstRoundAt) {
        return new Negotiation(0, 0, 1, Optional.of(firstRoundAt), Optional.empty(), Optional.empty(), false);
    }

    /** A new request whose first offer goes to one hospital only (a plan's). */
    public static Negotiation directed(Instant firstRoundAt, HospitalId to, int travelMinutes, boolean fallsBack) {
        return new Negotiation(0, 0, 1, Optional.of(firstRoundAt), Optional.of(to), Optional.of(travelMinutes), fallsBack);
    }
}
