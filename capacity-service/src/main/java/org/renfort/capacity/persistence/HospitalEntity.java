package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "hospital")
public class HospitalEntity extends PanacheEntityBase {
    @Id
    @Column(name = "hospital_id")
    public String hospitalId;
    public String name;
    public String kind;
    public double latitude;
    public double longitude;
    public String department;
    @Column(name = "has_emergency_department")
    public boolean hasEmergencyDepartment;
    public String capabilities;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "creation_idempotency_key")
    public String creationIdempotencyKey;
    @Column(name = "retired_at")
    public Instant retiredAt;
    @Column(name = "retired_reason")
    public String retiredReason;
}
