package org.renfort.kernel;

import java.util.Optional;

/** The realm roles Renfort knows; any other role grants nothing. */
public enum Role {
    COORDINATOR("coordinator"),
    HOSPITAL_STAFF("hospital-staff"),
    HOSPITAL_SYSTEM("hospital-system"),
    DISPATCHER("dispatcher"),
    SERVICE("service");

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
