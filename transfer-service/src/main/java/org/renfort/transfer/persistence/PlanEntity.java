package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "plan")
public class PlanEntity extends PanacheEntityBase {
    @Id
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(columnDefinition = "bpchar(64)")
    public String fingerprint;
    @Column(name = "picture_read_at")
    public Instant pictureReadAt;
    @Column(name = "picture_as_of")
    public Instant pictureAsOf;
    public int partners;
    @Column(name = "stale_hospital_ids", columnDefinition = "text")
    public String staleHospitalIds;
    @Column(name = "oldest_report_age_seconds")
    public long oldestReportAgeSeconds;
    @Column(columnDefinition = "text")
    public String rules;
    @Column(name = "proven_optimal")
    public boolean provenOptimal;
    @Column(name = "optimal_placed")
    public int optimalPlaced;
    @Column(name = "optimal_unplaced")
    public int optimalUnplaced;
    @Column(name = "optimal_weighted_minutes")
    public long optimalWeightedMinutes;
    @Column(name = "optimal_worst_travel")
    public int optimalWorstTravel;
    @Column(name = "optimal_solve_micros")
    public long optimalSolveMicros;
    @Column(name = "greedy_placed")
    public int greedyPlaced;
    @Column(name = "greedy_unplaced")
    public int greedyUnplaced;
    @Column(name = "greedy_weighted_minutes")
    public long greedyWeightedMinutes;
    @Column(name = "greedy_worst_travel")
    public int greedyWorstTravel;
    @Column(name = "greedy_solve_micros")
    public long greedySolveMicros;
}
