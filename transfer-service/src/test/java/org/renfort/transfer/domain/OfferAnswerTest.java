package org.renfort.transfer.domain;

import org.junit.jupiter.api.Test;
import org.renfort.kernel.InvalidArgumentException;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.renfort.transfer.domain.TransferFixtures.NOW;

class OfferAnswerTest {

    @Test
    void aDeclineNamesAReasonAndOtherNeedsAText() {
        assertTrue(assertThrows(InvalidArgumentException.class, () -> new OfferAnswer.Decline(null, ""))
                .getMessage().contains("decline.reason"));
        assertTrue(assertThrows(InvalidArgumentException.class, () -> new OfferAnswer.Decline(DeclineReason.OTHER, "  "))
                .getMessage().contains("decline.text"));
        assertEquals("no ventilator", new OfferAnswer.Decline(DeclineReason.OTHER, " no ventilator ").text());
        assertThrows(InvalidArgumentException.class, () -> new OfferAnswer.Decline(DeclineReason.NO_BED, "x".repeat(201)));
    }

    @Test
    void aDeferralIsToATimeWithinTheNextSevenDays() {
        assertTrue(assertThrows(InvalidArgumentException.class, () -> new OfferAnswer.Defer(null, ""))
                .getMessage().contains("defer.available_from"));
        assertThrows(InvalidArgumentException.class, () -> new OfferAnswer.Defer(NOW, "").checkAt(NOW));
        assertThrows(InvalidArgumentException.class, () -> new OfferAnswer.Defer(NOW.plus(Duration.ofDays(7)).plusSeconds(1), "")
                .checkAt(NOW));
        assertDoesNotThrow(() -> new OfferAnswer.Defer(NOW.plus(Duration.ofDays(7)), "").checkAt(NOW));
    }
}
