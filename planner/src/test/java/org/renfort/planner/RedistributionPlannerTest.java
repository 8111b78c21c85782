package org.renfort.planner;

import org.junit.jupiter.api.Test;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.Acuity;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.renfort.planner.PlannerFixtures.ARMENTIERES;
import static org.renfort.planner.PlannerFixtures.LENS;
import static org.renfort.planner.PlannerFixtures.LILLE;
import static org.renfort.planner.PlannerFixtures.ROUBAIX;
import static org.renfort.planner.PlannerFixtures.allBeds;
import static org.renfort.planner.PlannerFixtures.group;
import static org.renfort.planner.PlannerFixtures.partner;

class RedistributionPlannerTest {

    @Test
    void theNearestBedGoingFirstStrandsAPatientThePlanPlaces() {
        // Lille is nearest for both; only Lille is within reach of the second patient.
        var roads = new PlannerFixtures.Roads().road(ARMENTIERES, LILLE, 20).road(ARMENTIERES, ROUBAIX, 25)
                .road(LENS, LILLE, 30).road(LENS, ROUBAIX, 70);
        var plan = new RedistributionPlanner(allBeds(), roads).plan(
                List.of(group("from-armentieres", ARMENTIERES, 1, Acuity.IMMEDIATE, 60), group("from-lens", LENS, 1, Acuity.URGENT, 45)),
                List.of(partner(LILLE, 1), partner(ROUBAIX, 1)));

        assertEquals(1, plan.greedy().placements().size(), "greedy: Armentières' patient takes Lille");
        assertEquals(Plan.Reason.BEDS_TAKEN, plan.greedy().unplaced().get(0).reason());
        assertEquals(2, plan.optimal().placements().size());
        assertEquals(1, plan.placedMore());
        assertTrue(plan.gapPercent().isEmpty(), "more placed: a travel gap would compare different things");
        assertEquals(Map.of(LILLE, 1, ROUBAIX, 1), plan.optimal().load());
        assertEquals(4 * 25 + 2 * 30, plan.optimal().weightedMinutes());
        assertEquals(30, plan.optimal().worstTravelMinutes());
        assertTrue(plan.optimal().provenOptimal());
    }

    @Test
    void withEnoughBedsTheGapIsTheWeightedTravelSaved() {
        // Greedy gives the urgent patient of Armentières Lille (10 min) and sends the planned
        // patient of Lens far; the optimum swaps them.
        var roads = new PlannerFixtures.Roads().road(ARMENTIERES, LILLE, 10).road(ARMENTIERES, ROUBAIX, 12)
                .road(LENS, LILLE, 15).road(LENS, ROUBAIX, 90);
        var plan = new RedistributionPlanner(allBeds(), roads).plan(
                List.of(group("a", ARMENTIERES, 1, Acuity.URGENT, 120), group("b", LENS, 1, Acuity.PLANNED, 120)),
                List.of(partner(LILLE, 1), partner(ROUBAIX, 1)));
        assertEquals(2 * 10 + 90, plan.greedy().weightedMinutes());
        assertEquals(2 * 12 + 15, plan.optimal().weightedMinutes());
        assertEquals(100.0 * (110 - 39) / 110, plan.gapPercent().orElseThrow(), 1e-9);
    }

    @Test
    void onlyTheUsableShareOfFreeBedsIsPlanned() {
        var roads = new PlannerFixtures.Roads().road(ARMENTIERES, LILLE, 20);
        var plan = new RedistributionPlanner(PlanRules.defaults(), roads).plan(
                List.of(group("ward", ARMENTIERES, 6, Acuity.URGENT, 60)), List.of(partner(LILLE, 5)));
        assertEquals(4, plan.optimal().placements().size(), "80 % of 5 free beds");
        assertEquals(2, plan.optimal().unplaced().size());
        var keepHalf = new PlanRules(0.8, Map.of(LILLE, 0.5), List.of(), true, PlanRules.defaults().acuityWeight());
        assertEquals(2, new RedistributionPlanner(keepHalf, roads).plan(List.of(group("ward", ARMENTIERES, 6, Acuity.URGENT, 60)),
                List.of(partner(LILLE, 5))).optimal().placements().size(), "Lille keeps half of its free beds");
    }

    @Test
    void unplacedPatientsSayWhy() {
        var roads = new PlannerFixtures.Roads().road(ARMENTIERES, LILLE, 20).road(ARMENTIERES, ROUBAIX, 200);
        PatientGroup needsNeurosurgery = new PatientGroup("head-trauma", PlannerFixtures.at(ARMENTIERES), 1,
                BedCategory.ADULT_ICU, Acuity.IMMEDIATE, Set.of(Capability.NEUROSURGERY), 60, Set.of());
        PatientGroup burns = new PatientGroup("burns", PlannerFixtures.at(ARMENTIERES), 1, BedCategory.BURNS,
                Acuity.URGENT, Set.of(), 60, Set.of());
        var plan = new RedistributionPlanner(allBeds(), roads).plan(List.of(needsNeurosurgery, burns),
                List.of(partner(LILLE, 3), new Partner(ROUBAIX, Map.of(BedCategory.BURNS, 2), Set.of(), false)));
        assertEquals(List.of(new Plan.Unplaced("head-trauma", 0, Plan.Reason.CAPABILITY_MISSING),
                new Plan.Unplaced("burns", 0, Plan.Reason.NO_BED_WITHIN_REACH)), plan.optimal().unplaced());
    }

    @Test
    void aSubstituteBedIsUsedOnlyWhenAllowedAndCostsItsPenalty() {
        var roads = new PlannerFixtures.Roads().road(ARMENTIERES, LILLE, 20);
        Partner lille = new Partner(LILLE, Map.of(BedCategory.INTERMEDIATE_CARE, 2), Set.of(), false);
        PatientGroup medicine = new PatientGroup("medicine", PlannerFixtures.at(ARMENTIERES), 1, BedCategory.MEDICINE,
                Acuity.PLANNED, Set.of(), 60, Set.of());
        assertEquals(0, new RedistributionPlanner(allBeds(), roads).plan(List.of(medicine), List.of(lille))
                .optimal().placements().size());
        PlanRules substitute = new PlanRules(1.0, Map.of(), List.of(new Substitution(BedCategory.MEDICINE,
                BedCategory.INTERMEDIATE_CARE, 15)), true, PlanRules.defaults().acuityWeight());
        Plan plan = new RedistributionPlanner(substitute, roads).plan(List.of(medicine), List.of(lille)).optimal();
        assertEquals(List.of(new Plan.Placement("medicine", 0, LILLE, BedCategory.INTERMEDIATE_CARE, 20, true)), plan.placements());
        assertEquals(20 + 15, plan.weightedMinutes());
    }

    @Test
    void staleHospitalsAreLeftOutUnlessTheRulesSayOtherwise() {
        var roads = new PlannerFixtures.Roads().road(ARMENTIERES, LILLE, 20);
        Partner staleLille = new Partner(LILLE, Map.of(BedCategory.ADULT_ICU, 2), Set.of(), true);
        List<PatientGroup> one = List.of(group("p", ARMENTIERES, 1, Acuity.URGENT, 60));
        assertEquals(0, new RedistributionPlanner(allBeds(), roads).plan(one, List.of(staleLille)).optimal().placements().size());
        PlanRules flagOnly = new PlanRules(1.0, Map.of(), List.of(), false, PlanRules.defaults().acuityWeight());
        assertEquals(1, new RedistributionPlanner(flagOnly, roads).plan(one, List.of(staleLille)).optimal().placements().size());
    }

    @Test
    void excludedHospitalsAndTheMaximumTravelTimeAreRespected() {
        var roads = new PlannerFixtures.Roads().road(ARMENTIERES, LILLE, 20).road(ARMENTIERES, ROUBAIX, 50);
        PatientGroup notLille = new PatientGroup("p", PlannerFixtures.at(ARMENTIERES), 2, BedCategory.ADULT_ICU,
                Acuity.URGENT, Set.of(), 45, Set.of(LILLE));
        Plan plan = new RedistributionPlanner(allBeds(), roads).plan(List.of(notLille),
                List.of(partner(LILLE, 5), partner(ROUBAIX, 5))).optimal();
        assertTrue(plan.placements().isEmpty());
        assertEquals(Plan.Reason.NO_BED_WITHIN_REACH, plan.unplaced().get(0).reason());
    }

    @Test
    void preferredHospitalsComeFirstWhenTheyHaveABedWithinReach() {
        var roads = new PlannerFixtures.Roads().road(ARMENTIERES, LILLE, 20).road(ARMENTIERES, ROUBAIX, 50);
        PatientGroup toRoubaix = new PatientGroup("p", PlannerFixtures.at(ARMENTIERES), 3, BedCategory.ADULT_ICU,
                Acuity.URGENT, Set.of(), 60, Set.of(), Set.of(ROUBAIX));
        PlanComparison plans = new RedistributionPlanner(allBeds(), roads).plan(List.of(toRoubaix),
                List.of(partner(LILLE, 5), partner(ROUBAIX, 2)));

        assertEquals(Map.of(ROUBAIX, 2, LILLE, 1), plans.optimal().load(), "the preferred hospital's beds first, then the nearest");
        assertEquals(Map.of(ROUBAIX, 2, LILLE, 1), plans.greedy().load());
        assertEquals(2 * (50 + 50) + 2 * 20, plans.optimal().weightedMinutes(), "the reported minutes stay travel");
        assertEquals("preferred_hospital_ids", assertThrows(InvalidArgumentException.class, () -> new PatientGroup("p",
                PlannerFixtures.at(ARMENTIERES), 1, BedCategory.ADULT_ICU, Acuity.URGENT, Set.of(), 60, Set.of(LILLE),
                Set.of(LILLE))).field());
    }

    @Test
    void badPlansAreRefusedNamingTheField() {
        var roads = new PlannerFixtures.Roads();
        var planner = new RedistributionPlanner(allBeds(), roads);
        assertTrue(assertThrows(InvalidArgumentException.class, () -> planner.plan(List.of(), List.of()))
                .getMessage().contains("patients"));
        assertTrue(assertThrows(InvalidArgumentException.class, () -> planner.plan(
                List.of(group("x", ARMENTIERES, 1, Acuity.URGENT, 60), group("x", LENS, 1, Acuity.URGENT, 60)), List.of()))
                .getMessage().contains("twice"));
        assertTrue(assertThrows(InvalidArgumentException.class, () -> group("x", ARMENTIERES, 0, Acuity.URGENT, 60))
                .getMessage().contains("count"));
        assertTrue(assertThrows(InvalidArgumentException.class,
                () -> new PlanRules(1.2, Map.of(), List.of(), true, PlanRules.defaults().acuityWeight()))
                .getMessage().contains("usable_share"));
        assertTrue(assertThrows(InvalidArgumentException.class,
                () -> new PlanRules(0.8, Map.of(new HospitalId("590000017"), -0.1), List.of(), true, PlanRules.defaults().acuityWeight()))
                .getMessage().contains("usable_share_of[590000017]"));
    }
}
