package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The current status of one hospital. */
@Entity
@Table(name = "hospital_status")
public class HospitalStatusEntity extends PanacheEntityBase {
    @Id
    @Column(name = "hospital_id")
    public String hospitalId;
    @Column(name = "emergency_department_status")
    public String emergencyDepartmentStatus;
    @Column(name = "emergency_department_reason")
    public String emergencyDepartmentReason;
    @Column(name = "facility_status")
    public String facilityStatus;
    @Column(name = "crisis_plan_level")
    public String crisisPlanLevel;
    @Column(name = "reported_at")
    public Instant reportedAt;
    public String source;
    @Column(name = "report_id")
    public UUID reportId;
}
