package org.renfort.capacity.domain;

import org.renfort.kernel.Caller;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.Role;

/** Who may publish capacity for which hospital, and as what source. */
public final class PublishingRights {
    private PublishingRights() {
    }

    /** Coordinators publish on behalf of any hospital; hospital principals only for their own. */
    public static ReportSource sourceFor(Caller caller, HospitalId target) {
        if (caller.has(Role.COORDINATOR)) {
            return ReportSource.COORDINATOR_ON_BEHALF;
        }
        if (!caller.isHospitalPrincipal()) {
            throw new PermissionDeniedException("only hospital principals and coordinators publish capacity");
        }
        HospitalId own = caller.ownHospital();
        if (!own.equals(target)) {
            throw new PermissionDeniedException(
                    "a hospital principal of " + own + " may not publish capacity for " + target);
        }
        return caller.has(Role.HOSPITAL_SYSTEM) ? ReportSource.HOSPITAL_SYSTEM : ReportSource.HOSPITAL_STAFF;
    }
}
