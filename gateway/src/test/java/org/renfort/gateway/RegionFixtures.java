package org.renfort.gateway;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.renfort.proto.capacity.v1.FacilityStatus;
import org.renfort.testsupport.standin.StandInCapacityService;

import static org.renfort.testsupport.standin.StandInCapacityService.AS_OF;
import static org.renfort.testsupport.standin.StandInCapacityService.report;

/**
 * The region the gateway's tests read through capacity-service's stand-in: Armentières,
 * compromised, with one bed held and a report two hours old; Lille, normal, 22 minutes from the
 * field, reporting now. Filled when the test application starts.
 */
@ApplicationScoped
public class RegionFixtures {
    static final String KNOWN = "590000017";
    static final String LILLE = "590000025";

    void fill(@Observes StartupEvent started) {
        StandInCapacityService.reports("nowhere", KNOWN, 0,
                report(AS_OF - 10_000, 12, 8, 4), report(AS_OF - 7_200, 12, 9, 3));
        StandInCapacityService.facilityStatus(KNOWN, FacilityStatus.FACILITY_STATUS_COMPROMISED);
        StandInCapacityService.hold(KNOWN, "transfer-before-the-tests");
        StandInCapacityService.reports(StandInCapacityService.FROM_THE_FIELD, LILLE, 22, report(AS_OF, 10, 4, 6));
        StandInCapacityService.POSITION.set(42);
    }
}
