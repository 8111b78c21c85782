package org.renfort.capacity.domain;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Caller;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.Role;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacityReportTest {
    private static final HospitalId ARMENTIERES = new HospitalId("590000001");
    private static final Instant T0 = Instant.parse("2024-02-11T05:40:00Z");

    @Test
    void blockedBedsAreAllowedButAvailableNeverExceedsFreeStaffedBeds() {
        new BedCount(BedCategory.ADULT_ICU, 10, 6, 2, 0, 0); // 2 staffed beds blocked
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> new BedCount(BedCategory.ADULT_ICU, 10, 6, 5, 0, 0));
        assertTrue(e.getMessage().contains("available <= staffed - occupied"), e.getMessage());
    }

    @Test
    void aReportCoversSomethingAndNoCategoryTwice() {
        assertThrows(InvalidArgumentException.class, () -> report(T0, List.of(), Optional.empty()));
        BedCount icu = new BedCount(BedCategory.ADULT_ICU, 10, 6, 2, 0, 0);
        assertThrows(InvalidArgumentException.class, () -> report(T0, List.of(icu, icu), Optional.empty()));
    }

    @Test
    void staleReportsAreRefusedPerCategoryAndStatus() {
        BedCount icu = new BedCount(BedCategory.ADULT_ICU, 10, 6, 2, 0, 0);
        BedCount burns = new BedCount(BedCategory.BURNS, 4, 1, 3, 0, 0);
        HospitalCapacity current = new HospitalCapacity(ARMENTIERES,
                Map.of(BedCategory.ADULT_ICU, new Reported<>(icu, T0, ReportSource.HOSPITAL_SYSTEM)), Optional.empty());

        current.checkNotStale(report(T0.minusSeconds(1), List.of(burns), Optional.empty())); // other category: fine
        FailedPreconditionException e = assertThrows(FailedPreconditionException.class,
                () -> current.checkNotStale(report(T0.minusSeconds(1), List.of(icu), Optional.empty())));
        assertTrue(e.getMessage().contains("ADULT_ICU"), e.getMessage());
    }

    @Test
    void applyingAReportKeepsOtherCategories() {
        BedCount icu = new BedCount(BedCategory.ADULT_ICU, 10, 6, 2, 0, 0);
        BedCount burns = new BedCount(BedCategory.BURNS, 4, 1, 3, 0, 0);
        HospitalCapacity next = HospitalCapacity.empty(ARMENTIERES)
                .with(report(T0, List.of(icu), Optional.empty()), ReportSource.HOSPITAL_STAFF)
                .with(report(T0.plusSeconds(60), List.of(burns), Optional.empty()), ReportSource.HOSPITAL_SYSTEM);
        assertEquals(Set.of(BedCategory.ADULT_ICU, BedCategory.BURNS), next.beds().keySet());
        assertEquals(ReportSource.HOSPITAL_STAFF, next.beds().get(BedCategory.ADULT_ICU).source());
    }

    @Test
    void fingerprintsTellADifferentReportFromAResend() {
        BedCount icu = new BedCount(BedCategory.ADULT_ICU, 10, 6, 2, 0, 0);
        BedCount changed = new BedCount(BedCategory.ADULT_ICU, 10, 6, 1, 0, 0);
        assertEquals(report(T0, List.of(icu), Optional.empty()).fingerprint(), report(T0, List.of(icu), Optional.empty()).fingerprint());
        assertNotEquals(report(T0, List.of(icu), Optional.empty()).fingerprint(), report(T0, List.of(changed), Optional.empty()).fingerprint());
    }

    @Test
    void onlyOwnHospitalOrCoordinatorsPublish() {
        Caller staff = new Caller("staff-armentieres", Set.of(Role.HOSPITAL_STAFF), Optional.of(ARMENTIERES), "req-1");
        Caller coordinator = new Caller("coordinator", Set.of(Role.COORDINATOR), Optional.empty(), "req-2");
        Caller dispatcher = new Caller("dispatcher", Set.of(Role.DISPATCHER), Optional.empty(), "req-3");
        assertEquals(ReportSource.HOSPITAL_STAFF, PublishingRights.sourceFor(staff, ARMENTIERES));
        assertEquals(ReportSource.COORDINATOR_ON_BEHALF, PublishingRights.sourceFor(coordinator, ARMENTIERES));
        assertThrows(PermissionDeniedException.class, () -> PublishingRights.sourceFor(staff, new HospitalId("590000002")));
        assertThrows(PermissionDeniedException.class, () -> PublishingRights.sourceFor(dispatcher, ARMENTIERES));
    }

    private static CapacityReport report(Instant at, List<BedCount> beds, Optional<HospitalStatus> status) {
        return new CapacityReport(ARMENTIERES, at, new IdempotencyKey("key-00000001"), beds, status);
    }
}
