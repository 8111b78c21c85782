package org.renfort.kernel;

import java.util.Optional;

/** The realm roles Renfort knows; any other role grants nothing. */
public enum Role {
    COORDINATOR(Names.COORDINATOR),
    HOSPITAL_STAFF(Names.HOSPITAL_STAFF),
    HOSPITAL_SYSTEM(Names.HOSPITAL_SYSTEM),
    DISPATCHER(Names.DISPATCHER),
    SERVICE(Names.SERVICE);

    /** The claim values as constants, for {@code @RolesAllowed}. */
    public static final class Names {
        public static final String COORDINATOR = "coordinator";
        public static final String HOSPITAL_STAFF = "hospital-staff";
        public static final String HOSPITAL_SYSTEM = "hospital-system";
        public static final String DISPATCHER = "dispatcher";
        public static final String SERVICE = "service";

        private Names() {
        }
    }

    private final String claimValue;

    Role(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }

    public static Optional<Role> fromClaim(String value) {
        for (Role role : values()) {
            if (role.claimValue.equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
