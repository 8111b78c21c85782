package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One entry of the region's change log; never updated. */
@Entity
@Table(name = "capacity_change")
public class CapacityChangeEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long position;
    @Column(name = "hospital_id")
    public String hospitalId;
    public String kind;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    public String payload;
}
