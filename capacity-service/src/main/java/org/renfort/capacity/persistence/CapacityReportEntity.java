package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One accepted report; never updated. */
@Entity
@Table(name = "capacity_report")
public class CapacityReportEntity extends PanacheEntityBase {
    @Id
    @Column(name = "report_id")
    public UUID reportId;
    @Column(name = "hospital_id")
    public String hospitalId;
    @Column(name = "reported_at")
    public Instant reportedAt;
    @Column(name = "received_at")
    public Instant receivedAt;
    public String source;
    @Column(name = "reported_by")
    public String reportedBy;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(columnDefinition = "bpchar(64)")
    public String fingerprint;
    @Column(name = "emergency_department_status")
    public String emergencyDepartmentStatus;
    @Column(name = "emergency_department_reason")
    public String emergencyDepartmentReason;
    @Column(name = "facility_status")
    public String facilityStatus;
    @Column(name = "crisis_plan_level")
    public String crisisPlanLevel;
}
