package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** The current figures of one hospital and bed category. */
@Entity
@Table(name = "bed_capacity")
@IdClass(BedCapacityEntity.Key.class)
public class BedCapacityEntity extends PanacheEntityBase {
    @Id
    @Column(name = "hospital_id")
    public String hospitalId;
    @Id
    public String category;
    public int staffed;
    public int occupied;
    public int available;
    /** Kept by HoldRepository's statements and the report's recount only, never written from here. */
    @Column(insertable = false, updatable = false)
    public int held;
    @Column(name = "additional_within_24h")
    public int additionalWithin24h;
    @Column(name = "additional_within_72h")
    public int additionalWithin72h;
    @Column(name = "reported_at")
    public Instant reportedAt;
    public String source;
    @Column(name = "report_id")
    public UUID reportId;

    public record Key(String hospitalId, String category) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
