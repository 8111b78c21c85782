package org.renfort.transfer.domain;

import org.renfort.kernel.InvalidArgumentException;

import java.time.Duration;
import java.time.Instant;

/** What a hospital answers to an offer: the SAMU hub's ACCEPTEE, REFUSEE or DIFFEREE. */
public sealed interface OfferAnswer {
    int MAX_TEXT = 200;
    Duration MAX_DEFERRAL = Duration.ofDays(7);

    record Accept() implements OfferAnswer {
    }

    record Decline(DeclineReason reason, String text) implements OfferAnswer {
        public Decline {
            if (reason == null) {
                throw new InvalidArgumentException("decline.reason", "is required");
            }
            text = checkedText("decline.text", text);
            if (reason == DeclineReason.OTHER && text.isBlank()) {
                throw new InvalidArgumentException("decline.text", "is required when the reason is OTHER");
            }
        }
    }

    record Defer(Instant availableFrom, String text) implements OfferAnswer {
        public Defer {
            if (availableFrom == null) {
                throw new InvalidArgumentException("defer.available_from", "is required");
            }
            text = checkedText("defer.text", text);
        }

        public void checkAt(Instant now) {
            if (!availableFrom.isAfter(now) || availableFrom.isAfter(now.plus(MAX_DEFERRAL))) {
                throw new InvalidArgumentException("defer.available_from",
                        "must be in the future and at most " + MAX_DEFERRAL.toDays() + " days ahead (got " + availableFrom + ")");
            }
        }
    }

    private static String checkedText(String field, String text) {
        String t = text == null ? "" : text.strip();
        if (t.length() > MAX_TEXT) {
            throw new InvalidArgumentException(field, "must be at most " + MAX_TEXT + " characters (got " + t.length() + ")");
        }
        return t;
    }
}
