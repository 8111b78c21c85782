package org.renfort.transfer.domain;

/** The life of one offer made to one hospital for one transfer. */
public enum OfferStatus {
    /** The bed hold is being placed; the hospital does not see the offer yet. */
    HOLDING,
    /** Sent with a bed on hold; waiting for an answer until the deadline. */
    OPEN,
    ACCEPTED, DECLINED, DEFERRED, EXPIRED, WITHDRAWN,
    /** No bed could be held there (none left, hospital closed): never shown to the hospital. */
    SKIPPED;

    /** A live offer can still become the answer: the negotiation waits for it. */
    public boolean isLive() {
        return this == HOLDING || this == OPEN;
    }
}
