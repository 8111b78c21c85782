package org.renfort.transfer.domain;

import org.junit.jupiter.api.Test;
import org.renfort.kernel.FailedPreconditionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.renfort.transfer.domain.TransferFixtures.A;
import static org.renfort.transfer.domain.TransferFixtures.NOW;
import static org.renfort.transfer.domain.TransferFixtures.offer;
import static org.renfort.transfer.domain.TransferFixtures.withDeadline;

class OfferTest {

    @Test
    void onlyAnOpenOfferBeforeItsDeadlineCanBeAnswered() {
        Offer open = withDeadline(offer(A, OfferStatus.OPEN), NOW.plusSeconds(60));
        open.checkAnswerable(NOW);
        assertRefused(open, NOW.plusSeconds(60), "expired");
        assertRefused(offer(A, OfferStatus.HOLDING), NOW, "not open yet");
        assertRefused(offer(A, OfferStatus.WITHDRAWN), NOW, "withdrawn");
        assertRefused(offer(A, OfferStatus.EXPIRED), NOW, "expired");
        assertRefused(offer(A, OfferStatus.DECLINED), NOW, "already answered");
        assertRefused(offer(A, OfferStatus.SKIPPED), NOW, "already answered");
    }

    @Test
    void anOpenOfferIsOverdueFromItsDeadlineOn() {
        Offer open = withDeadline(offer(A, OfferStatus.OPEN), NOW);
        assertFalse(open.isOverdue(NOW.minusNanos(1000)));
        assertTrue(open.isOverdue(NOW));
        assertFalse(withDeadline(offer(A, OfferStatus.DECLINED), NOW).isOverdue(NOW.plusSeconds(1)), "answered: never overdue");
    }

    private static void assertRefused(Offer offer, java.time.Instant at, String why) {
        String message = assertThrows(FailedPreconditionException.class, () -> offer.checkAnswerable(at)).getMessage();
        assertTrue(message.contains(why), message);
    }
}
