package org.renfort.transfer.domain;

import java.util.List;

/** A transfer with what the caller may see of its negotiation: the offers and the history. */
public record TransferView(TransferDetails transfer, List<Offer> offers, List<TransferEvent> history) {
    public TransferView {
        offers = List.copyOf(offers);
        history = List.copyOf(history);
    }

    public static TransferView of(TransferDetails transfer) {
        return new TransferView(transfer, List.of(), List.of());
    }
}
