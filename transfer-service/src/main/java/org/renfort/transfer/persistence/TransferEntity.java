package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "transfer")
public class TransferEntity extends PanacheEntityBase {
    @Id
    @Column(name = "transfer_id")
    public UUID transferId;
    @Column(name = "origin_hospital_id")
    public String originHospitalId;
    @Column(name = "origin_latitude")
    public Double originLatitude;
    @Column(name = "origin_longitude")
    public Double originLongitude;
    @Column(name = "patient_reference")
    public String patientReference;
    @Column(name = "age_band")
    public String ageBand;
    @Column(name = "bed_category")
    public String bedCategory;
    @Column(name = "required_capabilities")
    public String requiredCapabilities;
    public String acuity;
    @Column(name = "max_travel_minutes")
    public int maxTravelMinutes;
    @Column(name = "preferred_hospital_ids")
    public String preferredHospitalIds;
    @Column(name = "excluded_hospital_ids")
    public String excludedHospitalIds;
    @Column(name = "clinical_note")
    public String clinicalNote;
    public String status;
    @Column(name = "destination_hospital_id")
    public String destinationHospitalId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(columnDefinition = "bpchar(64)")
    public String fingerprint;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "waiting_reason")
    public String waitingReason;
    @Column(name = "dispatch_center")
    public String dispatchCenter;
    @Column(name = "external_reference")
    public String externalReference;
    @Column(name = "next_round_at")
    public Instant nextRoundAt;
    public int round;
    @Column(name = "pass_start_round")
    public int passStartRound;
    public int campaign;
    @Column(name = "directed_hospital_id")
    public String directedHospitalId;
    @Column(name = "directed_travel_minutes")
    public Integer directedTravelMinutes;
    @Column(name = "direction_falls_back")
    public boolean directionFallsBack;
    @Column(name = "crew_type")
    public String crewType;
    @Column(name = "call_sign")
    public String callSign;
    @Column(name = "estimated_arrival")
    public Instant estimatedArrival;
    @Column(name = "transport_assigned_by")
    public String transportAssignedBy;
    @Column(name = "crew_latitude")
    public Double crewLatitude;
    @Column(name = "crew_longitude")
    public Double crewLongitude;
    @Column(name = "crew_position_at")
    public Instant crewPositionAt;
}
