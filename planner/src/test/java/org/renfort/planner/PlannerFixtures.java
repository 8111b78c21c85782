package org.renfort.planner;

import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.Acuity;
import org.renfort.kernel.GeoPoint;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/** A small region written as a travel-time table, for the planner's tests. */
final class PlannerFixtures {
    static final HospitalId ARMENTIERES = new HospitalId("590000017");
    static final HospitalId LILLE = new HospitalId("590000025");
    static final HospitalId ROUBAIX = new HospitalId("590000033");
    static final HospitalId LENS = new HospitalId("620000018");

    private PlannerFixtures() {
    }

    /** Minutes from each origin hospital to each partner; a missing pair has no road estimate. */
    static final class Roads implements TravelTimes {
        private final Map<String, Integer> minutes = new HashMap<>();

        Roads road(HospitalId from, HospitalId to, int travel) {
            minutes.put(at(from) + ">" + to.value(), travel);
            return this;
        }

        @Override
        public OptionalInt minutes(GeoPoint from, HospitalId to) {
            Integer m = minutes.get(from + ">" + to.value());
            return m == null ? OptionalInt.empty() : OptionalInt.of(m);
        }
    }

    /** Where a hospital of the tests stands: a distinct point per FINESS number. */
    static GeoPoint at(HospitalId hospital) {
        return new GeoPoint(50 + Integer.parseInt(hospital.value().substring(2)) % 100_000 / 1e5, 3.0);
    }

    static PatientGroup group(String reference, HospitalId from, int count, Acuity acuity, int maxTravel) {
        return new PatientGroup(reference, at(from), count, BedCategory.ADULT_ICU, acuity, Set.of(),
                maxTravel, Set.of());
    }

    static Partner partner(HospitalId id, int freeIcuBeds, Capability... capabilities) {
        return new Partner(id, Map.of(BedCategory.ADULT_ICU, freeIcuBeds), Set.of(capabilities), false);
    }

    /** Every bed usable: the tests that are not about the share read more simply. */
    static PlanRules allBeds() {
        PlanRules d = PlanRules.defaults();
        return new PlanRules(1.0, Map.of(), d.substitutions(), d.excludeStale(), d.acuityWeight());
    }
}
