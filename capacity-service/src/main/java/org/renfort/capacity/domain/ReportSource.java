package org.renfort.capacity.domain;

/** Who made a report; derived from the caller, never declared by it. */
public enum ReportSource {
    HOSPITAL_SYSTEM, HOSPITAL_STAFF, COORDINATOR_ON_BEHALF
}
