package org.renfort.servicekit.audit;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One audit entry; never updated nor deleted (each service's migration creates the table). */
@Entity
@Table(name = "audit_event")
public class AuditEventEntity extends PanacheEntityBase {
    @Id
    @Column(name = "event_id")
    public UUID eventId;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    public String service;
    public String subject;
    public String roles;
    @Column(name = "caller_hospital_id")
    public String callerHospitalId;
    public String action;
    public String target;
    @Column(name = "target_hospital_id")
    public String targetHospitalId;
    public String outcome;
    public String detail;
    @Column(name = "request_id")
    public String requestId;
}
