package org.renfort.transfer.domain;

/** What a hospital is told about an offer made to it, on its offer stream. */
public enum OfferEventKind {
    OFFERED,
    WITHDRAWN,
    EXPIRED,
    /** This hospital's accept won: it is the destination. */
    ACCEPTED,
    DECLINED,
    DEFERRED
}
