package org.renfort.transfer.domain;

/** Why a hospital declines; aligned with the SAMU hub's reasons for REFUSEE. */
public enum DeclineReason {
    NO_BED, NO_STAFF, CARE_LEVEL_NOT_AVAILABLE, EQUIPMENT_UNAVAILABLE, PATIENT_CONDITION, OTHER
}
