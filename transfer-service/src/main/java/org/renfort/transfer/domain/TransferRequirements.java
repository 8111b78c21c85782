package org.renfort.transfer.domain;

import org.renfort.kernel.Acuity;
import org.renfort.kernel.AgeBand;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a receiving hospital needs to decide, and nothing more. */
public record TransferRequirements(PatientReference patient, AgeBand ageBand, BedCategory bedCategory,
                                   Set<Capability> requiredCapabilities, Acuity acuity, int maxTravelMinutes,
                                   List<HospitalId> preferredHospitals, List<HospitalId> excludedHospitals) {
    public static final int MAX_TRAVEL_MINUTES = 12 * 60;
    static final int MAX_LISTED_HOSPITALS = 50;

    public TransferRequirements {
        if (patient == null) {
            throw new InvalidArgumentException("requirements.patient_reference", "is required");
        }
        if (ageBand == null) {
            throw new InvalidArgumentException("requirements.age_band", "is required");
        }
        if (bedCategory == null) {
            throw new InvalidArgumentException("requirements.bed_category", "is required");
        }
        if (acuity == null) {
            throw new InvalidArgumentException("requirements.acuity", "is required");
        }
        if (maxTravelMinutes < 1 || maxTravelMinutes > MAX_TRAVEL_MINUTES) {
            throw new InvalidArgumentException("requirements.max_travel_minutes",
                    "must be between 1 and " + MAX_TRAVEL_MINUTES + " (got " + maxTravelMinutes + ")");
        }
        // In declaration order: the fingerprint of a resend must not depend on the JVM's set iteration order.
        requiredCapabilities = requiredCapabilities.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(requiredCapabilities));
        preferredHospitals = List.copyOf(new LinkedHashSet<>(preferredHospitals));
        excludedHospitals = List.copyOf(new LinkedHashSet<>(excludedHospitals));
        if (preferredHospitals.size() > MAX_LISTED_HOSPITALS || excludedHospitals.size() > MAX_LISTED_HOSPITALS) {
            throw new InvalidArgumentException("requirements.preferred_hospital_ids",
                    "at most " + MAX_LISTED_HOSPITALS + " preferred and " + MAX_LISTED_HOSPITALS + " excluded hospitals");
        }
        Set<HospitalId> both = new HashSet<>(preferredHospitals);
        both.retainAll(excludedHospitals);
        if (!both.isEmpty()) {
            throw new InvalidArgumentException("requirements.excluded_hospital_ids",
                    "a hospital cannot be both preferred and excluded: " + both);
        }
    }
}
