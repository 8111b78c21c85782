package org.renfort.transfer.domain;

import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.Optional;

/**
 * A transfer's negotiation bookkeeping. A campaign starts with the request and again at each
 * re-open or direction (declines are forgotten); a pass is a run of rounds that asks each
 * hospital at most once; {@code nextRoundAt} is when a round is due (or the lease of the
 * instance running it); {@code directedTo} is the hospital a coordinator named.
 */
public record Negotiation(int campaign, int round, int passStartRound, Optional<Instant> nextRoundAt,
                          Optional<HospitalId> directedTo) {

    /** A new request: first campaign, first pass, its first round due at {@code firstRoundAt}. */
    public static Negotiation starting(Instant firstRoundAt) {
        return new Negotiation(0, 0, 1, Optional.of(firstRoundAt), Optional.empty());
    }
}
