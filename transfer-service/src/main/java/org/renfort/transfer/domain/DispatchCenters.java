package org.renfort.transfer.domain;

import org.renfort.kernel.HospitalId;

import java.util.Optional;

/**
 * Which dispatch centre handles a transfer's transport: the SAMU of the origin hospital's
 * department (inter-hospital transfers are regulated by the departure's SAMU), read from the
 * FINESS number, whose first two characters are the department (2A, 2B for Corsica) - overseas,
 * "970" and a digit: 9701... is Guadeloupe (971), 9704... La Reunion (974);
 * for a patient in the field, the centre of the dispatcher who asked. None when nobody can tell
 * (a coordinator's request from the field): then every dispatch centre sees it once accepted.
 */
public final class DispatchCenters {
    private DispatchCenters() {
    }

    public static Optional<String> responsibleFor(Origin origin, Optional<String> requesterCenter) {
        if (origin instanceof Origin.AtHospital at) {
            return Optional.of("SAMU" + department(at.hospitalId()));
        }
        return requesterCenter;
    }

    static String department(HospitalId hospital) {
        String finess = hospital.value();
        return finess.startsWith("970") ? "97" + finess.charAt(3) : finess.substring(0, 2);
    }
}
