package org.renfort.kernel;

import java.util.Optional;

public enum AgeBand {
    NEWBORN, CHILD, ADULT, ELDERLY;

    /** What a hospital needs to take a patient of this age at all: neonatology for a newborn, paediatrics for a child. */
    public Optional<Capability> requiredCapability() {
        return switch (this) {
            case NEWBORN -> Optional.of(Capability.NEONATOLOGY);
            case CHILD -> Optional.of(Capability.PAEDIATRICS);
            default -> Optional.empty();
        };
    }
}
