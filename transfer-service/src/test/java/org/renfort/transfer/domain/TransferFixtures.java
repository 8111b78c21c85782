package org.renfort.transfer.domain;

import org.renfort.kernel.Acuity;
import org.renfort.kernel.AgeBand;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Transfers and offers in any state, built without a database, for the domain's unit tests. */
final class TransferFixtures {
    static final Instant NOW = Instant.parse("2024-02-11T05:40:00Z");
    static final HospitalId ORIGIN = new HospitalId("590000017");
    static final HospitalId A = new HospitalId("590000025");
    static final HospitalId B = new HospitalId("590000033");
    static final HospitalId C = new HospitalId("590000041");
    static final Duration HOLD_UNTIL_ARRIVAL = Duration.ofHours(6);
    static final NegotiationPolicy POLICY = new NegotiationPolicy(
            Map.of(Acuity.IMMEDIATE, 3, Acuity.URGENT, 2, Acuity.PLANNED, 1),
            Map.of(Acuity.IMMEDIATE, Duration.ofMinutes(5), Acuity.URGENT, Duration.ofMinutes(15), Acuity.PLANNED, Duration.ofMinutes(30)),
            HOLD_UNTIL_ARRIVAL, Duration.ofMinutes(2));

    private TransferFixtures() {
    }

    static TransferRequirements requirements() {
        return new TransferRequirements(new PatientReference("ARM-123456"), AgeBand.ADULT, BedCategory.ADULT_ICU, Set.of(),
                Acuity.IMMEDIATE, 60, List.of(), List.of());
    }

    static TransferRequest request() {
        return new TransferRequest(new Origin.AtHospital(ORIGIN), requirements(), new ClinicalNote("Intubated"),
                new IdempotencyKey(UUID.randomUUID().toString()));
    }

    /** A transfer in this state with these offers, in the first campaign, first pass, at round 1. */
    static Transfer in(TransferStatus status, Offer... offers) {
        UUID id = offers.length > 0 ? offers[0].transferId() : UUID.randomUUID();
        Optional<HospitalId> destination = status.needsTransport() || status == TransferStatus.ARRIVED
                || status == TransferStatus.COMPLETED ? Optional.of(A) : Optional.empty();
        TransferDetails details = new TransferDetails(id, new Origin.AtHospital(ORIGIN), requirements(),
                new ClinicalNote("Intubated"), status, destination, NOW.minusSeconds(3600), "staff-origin", "",
                crewAssigned(status) ? Optional.of(new Transport(CrewType.SMUR, "SMUR 59-1", Optional.empty(), "dispatch"))
                        : Optional.empty(), NOW.minusSeconds(60), DispatchCenters.responsibleFor(new Origin.AtHospital(ORIGIN), Optional.empty()),
                Optional.empty());
        return Transfer.restore(details, new Negotiation(0, 1, 1, Optional.empty(), Optional.empty(), Optional.empty(), false), List.of(offers));
    }

    private static boolean crewAssigned(TransferStatus status) {
        return status == TransferStatus.TRANSPORT_ASSIGNED || status == TransferStatus.IN_TRANSIT
                || status == TransferStatus.ARRIVED || status == TransferStatus.COMPLETED;
    }

    static final UUID TRANSFER = UUID.randomUUID();

    /** An offer of {@link #TRANSFER}, round 1, with a hold placed and five minutes to answer. */
    static Offer offer(HospitalId to, OfferStatus status) {
        return new Offer(UUID.randomUUID(), TRANSFER, to, 0, 1, status, 10, NOW.minusSeconds(120),
                status == OfferStatus.HOLDING ? Optional.empty() : Optional.of(UUID.randomUUID()),
                status == OfferStatus.HOLDING ? Optional.empty() : Optional.of(NOW.plusSeconds(300)),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "", Optional.empty(),
                status == OfferStatus.HOLDING ? Optional.of(new Offer.HoldWork(HoldAction.PLACE, NOW.plusSeconds(30)))
                        : Optional.empty(), Optional.empty());
    }

    static Offer withDeadline(Offer o, Instant deadline) {
        return new Offer(o.id(), o.transferId(), o.hospital(), o.campaign(), o.round(), o.status(), o.travelMinutes(),
                o.createdAt(), o.holdId(), Optional.of(deadline), o.offeredAt(), o.answeredAt(), o.answeredBy(),
                o.declineReason(), o.answerText(), o.availableFrom(), o.holdWork(), o.holdExpiresAt());
    }
}
