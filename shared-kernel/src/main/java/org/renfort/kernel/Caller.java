package org.renfort.kernel;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated principal of a call, as the domain needs it, with the id of the request
 * (X-Request-Id) that the audit trail records to follow a call across services. A dispatcher's
 * token names its dispatch centre (e.g. SAMU59): the transports it handles.
 */
public record Caller(String subject, Set<Role> roles, Optional<HospitalId> hospitalId, String requestId,
                     Optional<String> dispatchCenter) {
    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** A principal without a dispatch centre. */
    public Caller(String subject, Set<Role> roles, Optional<HospitalId> hospitalId, String requestId) {
        this(subject, roles, hospitalId, requestId, Optional.empty());
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** A hospital principal acts for one hospital only: the one its token names. */
    public boolean isHospitalPrincipal() {
        return has(Role.HOSPITAL_STAFF) || has(Role.HOSPITAL_SYSTEM);
    }

    /** The hospital a hospital principal acts for; denied when its token names none. */
    public HospitalId ownHospital() {
        return hospitalId.orElseThrow(() -> new PermissionDeniedException(
                "the token of a hospital principal must carry a hospital_id claim; it has none"));
    }
}
