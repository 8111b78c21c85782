package org.renfort.transfer.domain.plan;

import org.renfort.kernel.Acuity;
import org.renfort.kernel.AgeBand;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.transfer.domain.Origin;
import org.renfort.transfer.domain.PatientReference;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Patients of a plan who need the same thing from the same place: {@code count} x a bed of a
 * category, an acuity, an age band, capabilities, within a travel time, never at the excluded
 * hospitals, at the preferred ones first. Their pseudonymous references are the origin's, or numbered by the plan.
 */
public record PlannedGroup(String reference, Origin origin, int count, BedCategory bedCategory, Acuity acuity,
                           AgeBand ageBand, Set<Capability> requiredCapabilities, int maxTravelMinutes,
                           Set<HospitalId> excluded, Set<HospitalId> preferred, List<PatientReference> patientReferences) {
    public static final int MAX_COUNT = 5_000;
    public static final int MAX_TRAVEL_MINUTES = 600;
    /** Part of the references the plan numbers, so it keeps to their alphabet. */
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:-]{1,40}");

    public PlannedGroup {
        if (reference == null || !REFERENCE.matcher(reference).matches()) {
            throw new InvalidArgumentException("reference", "must be 1 to 40 letters, digits or . _ : -");
        }
        if (origin == null) {
            throw new InvalidArgumentException("origin", "is required: a hospital_id or a position");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidArgumentException("count", "must be between 1 and " + MAX_COUNT + " (got " + count + ")");
        }
        if (bedCategory == null || acuity == null || ageBand == null) {
            throw new InvalidArgumentException(bedCategory == null ? "bed_category" : acuity == null ? "acuity" : "age_band",
                    "is required");
        }
        if (maxTravelMinutes < 1 || maxTravelMinutes > MAX_TRAVEL_MINUTES) {
            throw new InvalidArgumentException("max_travel_minutes", "must be between 1 and " + MAX_TRAVEL_MINUTES
                    + " (got " + maxTravelMinutes + ")");
        }
        requiredCapabilities = Set.copyOf(requiredCapabilities);
        excluded = Set.copyOf(excluded);
        preferred = Set.copyOf(preferred);
        for (HospitalId h : preferred) {
            if (excluded.contains(h)) {
                throw new InvalidArgumentException("preferred_hospital_ids", "hospital " + h.value() + " is also excluded");
            }
        }
        patientReferences = List.copyOf(patientReferences);
        if (!patientReferences.isEmpty() && patientReferences.size() != count) {
            throw new InvalidArgumentException("patient_references", "must name every patient of the group (" + count
                    + ") or none (got " + patientReferences.size() + ")");
        }
        if (new HashSet<>(patientReferences).size() != patientReferences.size()) {
            throw new InvalidArgumentException("patient_references", "must not name a patient twice");
        }
    }

    /** What a hospital must have to take these patients: their capabilities, and the one their age needs. */
    public Set<Capability> neededCapabilities() {
        Set<Capability> needed = new HashSet<>(requiredCapabilities);
        ageBand.requiredCapability().ifPresent(needed::add);
        return needed;
    }

    /** The reference of the group's {@code n}-th patient (from 0): the origin's, or numbered in the plan. */
    public PatientReference patient(String planPrefix, int n) {
        return patientReferences.isEmpty()
                ? new PatientReference(planPrefix + "-" + reference + "-" + (n + 1))
                : patientReferences.get(n);
    }
}
