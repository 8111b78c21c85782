package org.renfort.transfer.domain;

import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A transfer offered to one hospital, with a bed held there while it decides. */
public record Offer(UUID id, UUID transferId, HospitalId hospital, OfferStatus status, int travelMinutes,
                    Optional<UUID> holdId, Optional<Instant> deadline, Optional<Instant> offeredAt,
                    Optional<DeclineReason> declineReason, String answerText, Optional<Instant> availableFrom) {

    /** Only an open offer before its deadline can be answered; the refusal says why not. */
    public void checkAnswerable(Instant now) {
        switch (status) {
            case OPEN -> {
                if (deadline.isPresent() && !deadline.get().isAfter(now)) {
                    throw new FailedPreconditionException("offer " + id + " expired at " + deadline.get()
                            + ": it can no longer be answered");
                }
            }
            case HOLDING -> throw new FailedPreconditionException("offer " + id + " is not open yet");
            case WITHDRAWN -> throw new FailedPreconditionException("offer " + id
                    + " was withdrawn (another hospital accepted, or the transfer was cancelled or redirected)");
            case EXPIRED -> throw new FailedPreconditionException("offer " + id + " expired"
                    + deadline.map(d -> " at " + d).orElse("") + ": it can no longer be answered");
            default -> throw new FailedPreconditionException("offer " + id + " was already answered: " + status);
        }
    }
}
