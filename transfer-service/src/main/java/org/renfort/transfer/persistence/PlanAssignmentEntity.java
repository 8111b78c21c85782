package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

@Entity
@Table(name = "plan_assignment")
@IdClass(PlanAssignmentEntity.Key.class)
public class PlanAssignmentEntity extends PanacheEntityBase {
    @Id
    @Column(name = "plan_id")
    public UUID planId;
    @Id
    public int number;
    @Column(name = "group_reference")
    public String groupReference;
    @Column(name = "patient_reference")
    public String patientReference;
    @Column(name = "hospital_id")
    public String hospitalId;
    @Column(name = "bed_category")
    public String bedCategory;
    public boolean substituted;
    @Column(name = "travel_minutes")
    public int travelMinutes;
    @Column(name = "unplaced_reason")
    public String unplacedReason;
    @Column(name = "stale_figures")
    public boolean staleFigures;
    @Column(name = "transfer_id")
    public UUID transferId;

    public static class Key implements Serializable {
        public UUID planId;
        public int number;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(planId, k.planId) && number == k.number;
        }

        @Override
        public int hashCode() {
            return Objects.hash(planId, number);
        }
    }
}
