package org.renfort.transfer.client;

import java.time.Instant;
import java.util.UUID;

/** A bed hold capacity-service placed: its id and when it lapses by itself. */
public record BedHoldTicket(UUID holdId, Instant expiresAt) {
}
