package org.renfort.kernel;

public enum AgeBand {
    NEWBORN, CHILD, ADULT, ELDERLY
}
