package org.renfort.transfer.domain.plan;

import org.junit.jupiter.api.Test;
import org.renfort.kernel.Acuity;
import org.renfort.kernel.AgeBand;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.GreatCircleTravelTime;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.planner.Partner;
import org.renfort.planner.Plan;
import org.renfort.planner.PlanRules;
import org.renfort.transfer.domain.Origin;
import org.renfort.transfer.domain.PatientReference;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stored plan without a database: what it computes, how patients are numbered, what an approval may take. */
class RedistributionPlanTest {
    static final Instant NOW = Instant.parse("2024-02-11T05:40:00Z");
    static final HospitalId ARMENTIERES = new HospitalId("590000017");
    static final HospitalId LILLE = new HospitalId("590000025");
    static final HospitalId LOMME = new HospitalId("590000033");
    static final GreatCircleTravelTime ROADS = new GreatCircleTravelTime(1.3, 60);
    static final UUID ID = UUID.fromString("0b7e5a52-8a1d-4a33-9d0c-4f0f3a1d2e11");

    /** Armentières (which has beds of its own), Lomme 15 min away with 1 bed, Lille 25 min away with 5. */
    static RegionAtPlanning region(Instant readAt) {
        return new RegionAtPlanning(readAt, readAt,
                List.of(partner(ARMENTIERES, 9, false), partner(LOMME, 1, false), partner(LILLE, 5, true)),
                Map.of(ARMENTIERES, new GeoPoint(50.688, 2.881), LOMME, new GeoPoint(50.637, 2.989),
                        LILLE, new GeoPoint(50.611, 3.035)), 120);
    }

    static Partner partner(HospitalId id, int free, boolean stale) {
        return new Partner(id, Map.of(BedCategory.MEDICINE, free), Set.of(), stale);
    }

    static PlannedGroup group(String reference, int count, List<PatientReference> patients) {
        return new PlannedGroup(reference, new Origin.AtHospital(ARMENTIERES), count, BedCategory.MEDICINE, Acuity.URGENT,
                AgeBand.ADULT, Set.of(), 60, Set.of(), Set.of(), patients);
    }

    static PlanRequest request(boolean excludeStale, PlannedGroup... groups) {
        PlanRules d = PlanRules.defaults();
        return new PlanRequest(List.of(groups), new PlanRules(1.0, Map.of(), List.of(), excludeStale, d.acuityWeight()),
                new IdempotencyKey("plan-key-0001"));
    }

    @Test
    void theOriginIsEvacuatedStaleHospitalsAreLeftOutAndEveryPatientIsNumbered() {
        RedistributionPlan plan = RedistributionPlan.compute(ID, request(true, group("red", 2, List.of())), region(NOW), ROADS,
                "coordinator", NOW);

        assertEquals(List.of(1, 2), plan.assignments().stream().map(PlanAssignment::number).toList());
        assertEquals(Optional.of(LOMME), plan.assignments().get(0).hospital(), "the one bed at Lomme, nearest");
        assertEquals(Optional.empty(), plan.assignments().get(1).hospital(), "Lille is stale and Armentières evacuated");
        assertEquals(Optional.of(Plan.Reason.BEDS_TAKEN), plan.assignments().get(1).unplacedReason());
        assertEquals(new PatientReference("0b7e5a52-red-1"), plan.assignments().get(0).patient());
        assertEquals(2, plan.picture().partners(), "the origin is not a partner");
        assertEquals(List.of(LILLE), plan.picture().staleHospitals());
        assertEquals(Map.of(LOMME, 1), plan.load());
    }

    @Test
    void staleHospitalsMayReceiveFlaggedAndTheOriginsOwnReferencesAreKept() {
        List<PatientReference> own = List.of(new PatientReference("ARM-000001"), new PatientReference("ARM-000002"));
        RedistributionPlan plan = RedistributionPlan.compute(ID, request(false, group("red", 2, own)), region(NOW), ROADS,
                "coordinator", NOW);

        assertEquals(2, plan.optimal().placed());
        PlanAssignment atLille = plan.assignments().stream().filter(a -> a.hospital().equals(Optional.of(LILLE))).findFirst()
                .orElseThrow();
        assertTrue(atLille.staleFigures());
        assertEquals(Set.copyOf(own), Set.of(plan.assignments().get(0).patient(), plan.assignments().get(1).patient()));
    }

    @Test
    void aPreferredHospitalIsUsedFirstEvenFartherAway() {
        PlannedGroup toLille = new PlannedGroup("red", new Origin.AtHospital(ARMENTIERES), 1, BedCategory.MEDICINE,
                Acuity.URGENT, AgeBand.ADULT, Set.of(), 60, Set.of(), Set.of(LILLE), List.of());
        RedistributionPlan plan = RedistributionPlan.compute(ID, request(false, toLille), region(NOW), ROADS, "coordinator", NOW);
        assertEquals(Optional.of(LILLE), plan.assignments().get(0).hospital(), "Lomme is nearer, Lille preferred");
        assertEquals("preferred_hospital_ids", assertThrows(InvalidArgumentException.class, () -> new PlannedGroup("red",
                new Origin.AtHospital(ARMENTIERES), 1, BedCategory.MEDICINE, Acuity.URGENT, AgeBand.ADULT, Set.of(), 60,
                Set.of(LILLE), Set.of(LILLE), List.of())).field());
    }

    @Test
    void anApprovalTakesPlacedPatientsOfTheNamedGroupsOnWhatIsStillARecentPicture() {
        RedistributionPlan plan = RedistributionPlan.compute(ID, request(false, group("red", 1, List.of()), group("green", 1, List.of())),
                region(NOW), ROADS, "coordinator", NOW);
        Duration limit = Duration.ofMinutes(10);

        assertEquals(Set.of("red", "green"), plan.toApprove(List.of(), NOW.plusSeconds(60), limit).groups());
        assertEquals(1, plan.toApprove(List.of("green"), NOW, limit).assignments().size());
        FailedPreconditionException old = assertThrows(FailedPreconditionException.class,
                () -> plan.toApprove(List.of(), NOW.plus(limit).plusSeconds(1), limit));
        assertTrue(old.getMessage().contains("plan again"), old.getMessage());
        InvalidArgumentException unknown = assertThrows(InvalidArgumentException.class,
                () -> plan.toApprove(List.of("green", "blue"), NOW, limit));
        assertEquals("group_references[1]", unknown.field());

        RedistributionPlan greenApproved = new RedistributionPlan(plan.id(), plan.createdBy(), plan.createdAt(), plan.picture(),
                plan.provenOptimal(), plan.optimal(), plan.greedy(), plan.groups(),
                Map.of("green", new RedistributionPlan.Approval("coordinator", NOW)), plan.assignments());
        assertThrows(FailedPreconditionException.class, () -> greenApproved.toApprove(List.of("green"), NOW, limit));
        assertEquals(Set.of("red"), greenApproved.toApprove(List.of(), NOW, limit).groups(), "what is left");
    }

    @Test
    void aGroupWithNobodyPlacedHasNothingToApprove() {
        RedistributionPlan plan = RedistributionPlan.compute(ID, request(true, new PlannedGroup("red",
                new Origin.AtHospital(ARMENTIERES), 1, BedCategory.MEDICINE, Acuity.URGENT, AgeBand.ADULT, Set.of(), 1, Set.of(), Set.of(), List.of())),
                region(NOW), ROADS, "coordinator", NOW);
        assertEquals(0, plan.optimal().placed());
        assertThrows(FailedPreconditionException.class, () -> plan.toApprove(List.of(), NOW, Duration.ofMinutes(10)));
    }

    @Test
    void badGroupsAreRefusedNamingTheRule() {
        assertEquals("patient_references", assertThrows(InvalidArgumentException.class,
                () -> group("red", 2, List.of(new PatientReference("ARM-000001")))).field());
        assertEquals("reference", assertThrows(InvalidArgumentException.class, () -> group("red team", 1, List.of())).field());
        assertEquals("groups[1].reference", assertThrows(InvalidArgumentException.class,
                () -> request(true, group("red", 1, List.of()), group("red", 1, List.of()))).field());
        assertEquals("groups.count", assertThrows(InvalidArgumentException.class,
                () -> request(true, group("a", 5_000, List.of()), group("b", 1, List.of()))).field());
    }

    @Test
    void aResendHasTheSameFingerprintWhateverTheOrderOfItsSets() {
        Set<Capability> one = new LinkedHashSet<>(List.of(Capability.DIALYSIS, Capability.STROKE_UNIT, Capability.PAEDIATRICS));
        Set<Capability> other = new LinkedHashSet<>(List.of(Capability.PAEDIATRICS, Capability.DIALYSIS, Capability.STROKE_UNIT));
        PlannedGroup a = new PlannedGroup("red", new Origin.AtHospital(ARMENTIERES), 1, BedCategory.MEDICINE, Acuity.URGENT,
                AgeBand.ADULT, one, 60, Set.of(LILLE, LOMME), Set.of(), List.of());
        PlannedGroup b = new PlannedGroup("red", new Origin.AtHospital(ARMENTIERES), 1, BedCategory.MEDICINE, Acuity.URGENT,
                AgeBand.ADULT, other, 60, Set.of(LOMME, LILLE), Set.of(), List.of());
        assertEquals(request(true, a).fingerprint(), request(true, b).fingerprint());
        assertTrue(!request(true, a).fingerprint().equals(request(false, a).fingerprint()));
    }
}
