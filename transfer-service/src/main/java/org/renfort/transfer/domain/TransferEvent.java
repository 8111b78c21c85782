package org.renfort.transfer.domain;

import java.time.Instant;

/** One state change in a transfer's history: who, when, why. Reasons carry no clinical data. */
public record TransferEvent(TransferStatus status, String actor, Instant occurredAt, String reason) {
}
