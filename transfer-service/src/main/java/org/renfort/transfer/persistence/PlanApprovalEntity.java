package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

@Entity
@Table(name = "plan_approval")
@IdClass(PlanApprovalEntity.Key.class)
public class PlanApprovalEntity extends PanacheEntityBase {
    @Id
    @Column(name = "approved_by")
    public String approvedBy;
    @Id
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(name = "plan_id")
    public UUID planId;
    @Column(columnDefinition = "bpchar(64)")
    public String fingerprint;
    @Column(name = "transfers_created")
    public int transfersCreated;
    @Column(name = "approved_at")
    public Instant approvedAt;

    public static class Key implements Serializable {
        public String approvedBy;
        public String idempotencyKey;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(approvedBy, k.approvedBy) && Objects.equals(idempotencyKey, k.idempotencyKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(approvedBy, idempotencyKey);
        }
    }
}
