package org.renfort.capacity.domain;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The authenticated principal of a call, as the domain needs it. */
public record Caller(String subject, Set<Role> roles, Optional<HospitalId> hospitalId) {
    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /**
     * May this caller publish capacity for that hospital, and as what source? Coordinators
     * publish on behalf of any hospital; hospital principals only for their own.
     */
    public ReportSource publishingSourceFor(HospitalId target) {
        if (has(Role.COORDINATOR)) {
            return ReportSource.COORDINATOR_ON_BEHALF;
        }
        boolean system = has(Role.HOSPITAL_SYSTEM);
        if (!system && !has(Role.HOSPITAL_STAFF)) {
            throw new PermissionDeniedException("only hospital principals and coordinators publish capacity");
        }
        HospitalId own = hospitalId.orElseThrow(() -> new PermissionDeniedException(
                "the token of a hospital principal must carry a hospital_id claim; it has none"));
        if (!own.equals(target)) {
            throw new PermissionDeniedException(
                    "a hospital principal of " + own + " may not publish capacity for " + target);
        }
        return system ? ReportSource.HOSPITAL_SYSTEM : ReportSource.HOSPITAL_STAFF;
    }
}
