package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One state change of a transfer; never updated. Reasons carry no clinical data. */
@Entity
@Table(name = "transfer_event")
public class TransferEventEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "event_id")
    public Long eventId;
    @Column(name = "transfer_id")
    public UUID transferId;
    public String status;
    public String actor;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    public String reason;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
}
