package org.renfort.transfer.domain;

import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;

/** Where the patient is: in a hospital, or in the field with a SAMU / SMUR crew. */
public sealed interface Origin {

    record AtHospital(HospitalId hospitalId) implements Origin {
    }

    record InTheField(GeoPoint position) implements Origin {
    }
}
