package org.renfort.transfer.domain.plan;

import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.List;

/** What a plan says about the picture it was computed on: when read, how many partners, which were stale, the oldest report. */
public record PlanPicture(Instant readAt, Instant asOf, int partners, List<HospitalId> staleHospitals,
                          long oldestReportAgeSeconds) {
    public PlanPicture {
        staleHospitals = List.copyOf(staleHospitals);
    }
}
