package org.renfort.transfer.domain;

/** An answered offer and its transfer as the answering hospital now sees it. */
public record AnsweredOffer(Offer offer, TransferDetails transfer) {
}
