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
@Table(name = "plan_group")
@IdClass(PlanGroupEntity.Key.class)
public class PlanGroupEntity extends PanacheEntityBase {
    @Id
    @Column(name = "plan_id")
    public UUID planId;
    @Id
    public String reference;
    public int ordinal;
    @Column(name = "origin_hospital_id")
    public String originHospitalId;
    @Column(name = "origin_latitude")
    public Double originLatitude;
    @Column(name = "origin_longitude")
    public Double originLongitude;
    @Column(name = "patient_count")
    public int patientCount;
    @Column(name = "bed_category")
    public String bedCategory;
    public String acuity;
    @Column(name = "age_band")
    public String ageBand;
    @Column(name = "required_capabilities")
    public String requiredCapabilities;
    @Column(name = "max_travel_minutes")
    public int maxTravelMinutes;
    @Column(name = "excluded_hospital_ids")
    public String excludedHospitalIds;
    @Column(name = "preferred_hospital_ids")
    public String preferredHospitalIds;
    @Column(name = "patient_references", columnDefinition = "text")
    public String patientReferences;
    @Column(name = "approved_by")
    public String approvedBy;
    @Column(name = "approved_at")
    public Instant approvedAt;

    public static class Key implements Serializable {
        public UUID planId;
        public String reference;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(planId, k.planId) && Objects.equals(reference, k.reference);
        }

        @Override
        public int hashCode() {
            return Objects.hash(planId, reference);
        }
    }
}
