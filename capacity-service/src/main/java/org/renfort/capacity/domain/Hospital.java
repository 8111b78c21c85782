package org.renfort.capacity.domain;

import org.renfort.kernel.Capability;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/** A hospital of the regional registry. */
public record Hospital(HospitalId id, String name, HospitalKind kind, GeoPoint location, String department,
                       boolean hasEmergencyDepartment, Set<Capability> capabilities, boolean retired) {

    private static final Pattern DEPARTMENT = Pattern.compile("\\d{2}|2[AB]|97\\d|98\\d");
    static final int MAX_NAME_LENGTH = 200;

    public Hospital {
        if (id == null) {
            throw new InvalidArgumentException("hospital.hospital_id", "is required");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidArgumentException("hospital.name", "is required");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidArgumentException("hospital.name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (kind == null) {
            throw new InvalidArgumentException("hospital.kind", "is required");
        }
        if (location == null) {
            throw new InvalidArgumentException("hospital.location", "is required");
        }
        if (department == null || !DEPARTMENT.matcher(department).matches()) {
            throw new InvalidArgumentException("hospital.department",
                    "must be a French department code such as 59, 2A or 971 (got '" + department + "')");
        }
        if (!department.startsWith(id.departmentPrefix())) {
            throw new InvalidArgumentException("hospital.department",
                    "must match the first two characters of the FINESS number " + id);
        }
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    }

    /** The same registry entry with this one's retirement state: an update never un-retires. */
    public Hospital withRetired(boolean isRetired) {
        return new Hospital(id, name, kind, location, department, hasEmergencyDepartment, capabilities, isRetired);
    }

    public void requireActive() {
        if (retired) {
            throw new FailedPreconditionException("hospital " + id + " is retired");
        }
    }
}
