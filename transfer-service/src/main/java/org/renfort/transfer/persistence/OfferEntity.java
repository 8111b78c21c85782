package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "offer")
public class OfferEntity extends PanacheEntityBase {
    @Id
    @Column(name = "offer_id")
    public UUID offerId;
    @Column(name = "transfer_id")
    public UUID transferId;
    @Column(name = "hospital_id")
    public String hospitalId;
    public int campaign;
    public int round;
    public String status;
    @Column(name = "travel_minutes")
    public int travelMinutes;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "hold_id")
    public UUID holdId;
    public Instant deadline;
    @Column(name = "offered_at")
    public Instant offeredAt;
    @Column(name = "answered_at")
    public Instant answeredAt;
    @Column(name = "answered_by")
    public String answeredBy;
    @Column(name = "decline_reason")
    public String declineReason;
    @Column(name = "answer_text")
    public String answerText;
    @Column(name = "available_from")
    public Instant availableFrom;
    @Column(name = "hold_action")
    public String holdAction;
    @Column(name = "hold_action_at")
    public Instant holdActionAt;
    @Column(name = "hold_expires_at")
    public Instant holdExpiresAt;
}
