package org.renfort.capacity.domain;

import org.junit.jupiter.api.Test;
import org.renfort.kernel.AgeBand;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.GreatCircleTravelTime;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BedFinderTest {
    static final Instant NOW = Instant.parse("2024-02-11T06:00:00Z");
    static final GeoPoint ARMENTIERES = new GeoPoint(50.688, 2.880);
    static final FreshnessPolicy FRESHNESS = new FreshnessPolicy(Duration.ofHours(4), Duration.ofHours(1));
    final BedFinder finder = new BedFinder(new GreatCircleTravelTime(1.3, 60));

    @Test
    void greatCircleTravelTimeIsPlausibleForTheRegion() {
        // Armentières -> Lille is ~17 km as the crow flies: ~22 km by road, ~22 minutes at 60 km/h.
        Duration lille = new GreatCircleTravelTime(1.3, 60).estimate(ARMENTIERES, new GeoPoint(50.611, 3.035));
        assertTrue(lille.toMinutes() >= 18 && lille.toMinutes() <= 26, lille.toString());
    }

    @Test
    void rankedByTravelTimeAndOnlyWhereABedIsEffectivelyFree() {
        HospitalState lomme = hospital("590000033", 50.642, 2.975, Set.of(), 3, 0, FacilityStatus.NORMAL, NOW);
        HospitalState lille = hospital("590000025", 50.611, 3.035, Set.of(), 6, 0, FacilityStatus.NORMAL, NOW);
        HospitalState fullyHeld = hospital("590000058", 50.692, 3.168, Set.of(), 2, 2, FacilityStatus.NORMAL, NOW);
        HospitalState closed = hospital("590000066", 50.724, 3.157, Set.of(), 5, 0, FacilityStatus.CLOSED, NOW);

        List<BedFinder.Candidate> found = finder.find(List.of(lille, fullyHeld, closed, lomme), search(Set.of(), 120), NOW, FRESHNESS, false);
        assertEquals(List.of("590000033", "590000025"), found.stream().map(c -> c.hospital().hospital().id().value()).toList());
    }

    @Test
    void capabilitiesAgeBandTravelTimeAndOriginFilterCandidates() {
        HospitalState near = hospital("590000033", 50.642, 2.975, Set.of(), 3, 0, FacilityStatus.NORMAL, NOW);
        HospitalState neuro = hospital("590000025", 50.611, 3.035, Set.of(Capability.NEUROSURGERY, Capability.PAEDIATRICS),
                6, 0, FacilityStatus.NORMAL, NOW);
        HospitalState far = hospital("590000116", 50.357, 3.523, Set.of(Capability.NEUROSURGERY), 6, 0, FacilityStatus.NORMAL, NOW);
        List<HospitalState> region = List.of(near, neuro, far);

        assertEquals(List.of("590000025", "590000116"), ids(finder.find(region, search(Set.of(Capability.NEUROSURGERY), 120), NOW, FRESHNESS, false)));
        assertEquals(List.of("590000025"), ids(finder.find(region, search(Set.of(Capability.NEUROSURGERY), 40), NOW, FRESHNESS, false)));
        BedSearch child = new BedSearch(BedCategory.ADULT_ICU, Set.of(), Optional.of(AgeBand.CHILD), ARMENTIERES,
                Optional.empty(), Duration.ofMinutes(120), 10);
        assertEquals(List.of("590000025"), ids(finder.find(region, child, NOW, FRESHNESS, false)));
        BedSearch fromLomme = new BedSearch(BedCategory.ADULT_ICU, Set.of(), Optional.empty(), near.hospital().location(),
                Optional.of(near.hospital().id()), Duration.ofMinutes(120), 10);
        assertEquals(List.of("590000025", "590000116"), ids(finder.find(region, fromLomme, NOW, FRESHNESS, false)));
    }

    @Test
    void compromisedAndStaleCandidatesAreKeptButFlaggedAndCrisisShortensTheLimit() {
        HospitalState compromised = hospital("590000017", 50.690, 2.881, Set.of(), 2, 0, FacilityStatus.COMPROMISED,
                NOW.minus(Duration.ofHours(2)));
        BedFinder.Candidate normal = finder.find(List.of(compromised), search(Set.of(), 60), NOW, FRESHNESS, false).get(0);
        assertTrue(normal.compromised());
        assertEquals(false, normal.stale());
        assertTrue(finder.find(List.of(compromised), search(Set.of(), 60), NOW, FRESHNESS, true).get(0).stale());
    }

    @Test
    void aSearchIsBounded() {
        assertThrows(InvalidArgumentException.class, () -> search(Set.of(), 0));
        assertThrows(InvalidArgumentException.class, () -> new BedSearch(BedCategory.ADULT_ICU, Set.of(), Optional.empty(),
                ARMENTIERES, Optional.empty(), Duration.ofMinutes(30), 1000));
    }

    private static List<String> ids(List<BedFinder.Candidate> candidates) {
        return candidates.stream().map(c -> c.hospital().hospital().id().value()).toList();
    }

    private static BedSearch search(Set<Capability> capabilities, int minutes) {
        return new BedSearch(BedCategory.ADULT_ICU, capabilities, Optional.empty(), ARMENTIERES, Optional.empty(),
                Duration.ofMinutes(minutes), 10);
    }

    static HospitalState hospital(String id, double lat, double lon, Set<Capability> capabilities, int available, int held,
                                  FacilityStatus facility, Instant reportedAt) {
        Hospital hospital = new Hospital(new HospitalId(id), "H " + id, HospitalKind.GENERAL_HOSPITAL, new GeoPoint(lat, lon),
                id.substring(0, 2), true, capabilities, false);
        CategoryState icu = new CategoryState(new BedCount(BedCategory.ADULT_ICU, 20, 20 - available, available, 0, 0),
                reportedAt, ReportSource.HOSPITAL_SYSTEM, held);
        return new HospitalState(hospital, Map.of(BedCategory.ADULT_ICU, icu), Optional.of(new Reported<>(
                new HospitalStatus(EmergencyDepartmentStatus.NORMAL, "", facility, CrisisPlanLevel.NONE), reportedAt,
                ReportSource.HOSPITAL_SYSTEM)));
    }
}
