package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;
import java.util.UUID;

/** The columns of a hold, live (bed_hold) or archived (bed_hold_archive). */
@MappedSuperclass
public abstract class HoldRow extends PanacheEntityBase {
    @Id
    @Column(name = "hold_id")
    public UUID holdId;
    @Column(name = "hospital_id")
    public String hospitalId;
    public String category;
    @Column(name = "transfer_reference")
    public String transferReference;
    public String status;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(name = "closed_at")
    public Instant closedAt;
}
