package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.UUID;

/** One bed category of an accepted report; never updated. */
@Entity
@Table(name = "capacity_report_line")
@IdClass(CapacityReportLineEntity.Key.class)
public class CapacityReportLineEntity extends PanacheEntityBase {
    @Id
    @Column(name = "report_id")
    public UUID reportId;
    @Id
    public String category;
    public int staffed;
    public int occupied;
    public int available;
    @Column(name = "additional_within_24h")
    public int additionalWithin24h;
    @Column(name = "additional_within_72h")
    public int additionalWithin72h;

    public record Key(UUID reportId, String category) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
