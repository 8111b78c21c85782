package org.renfort.transfer.domain;

public enum AgeBand {
    NEWBORN, CHILD, ADULT, ELDERLY
}
