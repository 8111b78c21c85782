package org.renfort.capacity.domain;

/** EDXL-HAVE EMSTrafficStatus. */
public enum EmergencyDepartmentStatus {
    NORMAL, ADVISORY, CLOSED, NOT_APPLICABLE
}
