package org.renfort.transfer.domain.plan;

import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.planner.Partner;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The regional picture a plan is computed on: the partners that may receive (open, not retired;
 * free = available - held per category; stale or not), where every registered hospital is, when
 * it was read, and the oldest report among the partners.
 */
public record RegionAtPlanning(Instant readAt, Instant asOf, List<Partner> partners, Map<HospitalId, GeoPoint> locations,
                               long oldestReportAgeSeconds) {
    public RegionAtPlanning {
        partners = List.copyOf(partners);
        locations = Map.copyOf(locations);
    }

    public List<HospitalId> staleHospitals() {
        return partners.stream().filter(Partner::stale).map(Partner::hospital).sorted(Comparator.comparing(HospitalId::value)).toList();
    }
}
