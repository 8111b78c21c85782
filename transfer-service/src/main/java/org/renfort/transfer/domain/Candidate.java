package org.renfort.transfer.domain;

import org.renfort.kernel.HospitalId;

/** A hospital capacity-service found with a free bed that fits, and how far it is. */
public record Candidate(HospitalId hospital, int travelMinutes) {
}
