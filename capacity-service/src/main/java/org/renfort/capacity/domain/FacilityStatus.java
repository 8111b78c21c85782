package org.renfort.capacity.domain;

/** EDXL-HAVE FacilityStatus; COMPROMISED is a hospital running with its IT down. */
public enum FacilityStatus {
    NORMAL, COMPROMISED, EVACUATING, CLOSED
}
