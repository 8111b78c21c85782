package org.renfort.capacity.domain;

import org.renfort.kernel.InvalidArgumentException;

/** Emergency department, facility and crisis plan status of a hospital. */
public record HospitalStatus(EmergencyDepartmentStatus emergencyDepartment, String emergencyDepartmentReason,
                             FacilityStatus facility, CrisisPlanLevel crisisPlan) {
    static final int MAX_REASON_LENGTH = 500;

    public HospitalStatus {
        if (emergencyDepartment == null) {
            throw new InvalidArgumentException("status.emergency_department_status", "is required");
        }
        if (facility == null) {
            throw new InvalidArgumentException("status.facility_status", "is required");
        }
        if (crisisPlan == null) {
            throw new InvalidArgumentException("status.crisis_plan_level", "is required");
        }
        emergencyDepartmentReason = emergencyDepartmentReason == null ? "" : emergencyDepartmentReason.strip();
        if (emergencyDepartmentReason.length() > MAX_REASON_LENGTH) {
            throw new InvalidArgumentException("status.emergency_department_reason",
                    "must be at most " + MAX_REASON_LENGTH + " characters");
        }
    }
}
