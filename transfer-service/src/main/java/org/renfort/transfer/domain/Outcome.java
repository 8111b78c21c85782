package org.renfort.transfer.domain;

import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What one transition of a {@link Transfer} owes the world, in order: history entries, what the
 * hospitals and dispatch are told, the offers it made, and the offers that now owe hold work to
 * capacity-service. Saved in the transaction of the transition.
 */
public record Outcome(List<TransferEvent> history, List<Notice> notices, List<Offer> offersMade, List<Offer> holdWorkOwed) {

    public Outcome {
        history = List.copyOf(history);
        notices = List.copyOf(notices);
        offersMade = List.copyOf(offersMade);
        holdWorkOwed = List.copyOf(holdWorkOwed);
    }

    public static final Outcome NOTHING = new Outcome(List.of(), List.of(), List.of(), List.of());

    public boolean isEmpty() {
        return history.isEmpty() && notices.isEmpty() && offersMade.isEmpty() && holdWorkOwed.isEmpty();
    }

    /** A message on the transfer feed. */
    public sealed interface Notice {
        Instant at();

        /** To the hospital an offer was made to. */
        record ToHospital(HospitalId hospital, OfferEventKind kind, UUID offerId, Instant at) implements Notice {
        }

        /** To dispatch: the transfer's status, whenever it concerns a transport. */
        record ToDispatch(TransferStatus status, Instant at) implements Notice {
        }
    }

    /** Collects the outcome while a transition runs. */
    static final class Builder {
        final Instant at;
        private final List<TransferEvent> history = new ArrayList<>();
        private final List<Notice> notices = new ArrayList<>();
        private final List<Offer> made = new ArrayList<>();
        private final List<Offer> owing = new ArrayList<>();

        Builder(Instant at) {
            this.at = at;
        }

        void history(TransferEvent event) {
            history.add(event);
        }

        void notice(Notice notice) {
            notices.add(notice);
        }

        void made(Offer offer) {
            made.add(offer);
        }

        void owing(Offer offer) {
            owing.removeIf(o -> o.id().equals(offer.id()));
            owing.add(offer);
        }

        Outcome build() {
            return new Outcome(history, notices, made, owing);
        }
    }
}
