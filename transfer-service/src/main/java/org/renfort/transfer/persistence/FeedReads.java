package org.renfort.transfer.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.transfer.domain.Offer;
import org.renfort.transfer.domain.OfferEventKind;
import org.renfort.transfer.domain.OfferFilter;
import org.renfort.transfer.domain.OfferStatus;
import org.renfort.kernel.HospitalId;
import org.renfort.transfer.domain.TransferDetails;
import org.renfort.transfer.domain.TransferStatus;
import org.renfort.transfer.domain.plan.ApprovedTransfer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Offers and transfers for the feed's watchers and a hospital's offer list, read with the plain
 * SQL client: a watcher lives as long as its stream and needs no Hibernate session, each read
 * takes a connection and gives it back at once. Transfers are read without their clinical note
 * (the column is never selected).
 */
@ApplicationScoped
public class FeedReads {
    /** An entry of a hospital's offer stream with the offer and its transfer as they are now. */
    public record OfferEvent(long position, OfferEventKind kind, Offer offer, TransferDetails transfer, Instant occurredAt) {
    }

    /** An entry of the transports stream with its transfer as it is now. */
    public record TransportEvent(long position, TransferDetails transfer, Instant occurredAt) {
    }

    private static final List<String> TRANSFER_COLUMNS = List.of("transfer_id", "origin_hospital_id", "origin_latitude",
            "origin_longitude", "patient_reference", "age_band", "bed_category", "required_capabilities", "acuity",
            "max_travel_minutes", "preferred_hospital_ids", "excluded_hospital_ids", "status", "destination_hospital_id",
            "created_at", "created_by", "updated_at", "waiting_reason", "crew_type", "call_sign", "estimated_arrival",
            "transport_assigned_by", "crew_latitude", "crew_longitude", "crew_position_at", "dispatch_center",
            "external_reference");
    private static final List<String> OFFER_COLUMNS = List.of("offer_id", "transfer_id", "hospital_id", "campaign", "round",
            "created_at", "status", "travel_minutes", "hold_id", "deadline", "offered_at", "decline_reason", "answer_text",
            "available_from", "answered_at", "answered_by", "hold_action", "hold_action_at", "hold_expires_at");
    /** The offer's columns carry this prefix where a query also selects the transfer's (both have transfer_id, status...). */
    private static final String OFFER_PREFIX = "o_";
    private static final String TRANSFER_SELECT = TRANSFER_COLUMNS.stream().map(c -> "t." + c).collect(Collectors.joining(", "));

    /**
     * A hospital's stream entries after a position, each with its offer and transfer: one
     * statement per read of the stream (by the feed's index, then two primary keys per entry).
     */
    static final String OFFER_EVENTS = "select f.position, f.kind, f.occurred_at, "
            + OFFER_COLUMNS.stream().map(c -> "o." + c + " as " + OFFER_PREFIX + c).collect(Collectors.joining(", ")) + ", "
            + TRANSFER_SELECT + " from transfer_feed f join offer o on o.offer_id = f.offer_id "
            + "join transfer t on t.transfer_id = f.transfer_id "
            + "where f.topic = 'OFFER' and f.hospital_id = $1 and f.position > $2 order by f.position limit $3";
    static final String TRANSPORT_EVENTS = "select f.position, f.occurred_at, " + TRANSFER_SELECT
            + " from transfer_feed f join transfer t on t.transfer_id = f.transfer_id "
            + "where f.topic = 'TRANSPORT' and f.position > $1 order by f.position limit $2";

    private final Pool pool;

    FeedReads(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<OfferEvent>> offerEventsAfter(HospitalId hospital, long position, int limit) {
        return pool.preparedQuery(OFFER_EVENTS).execute(Tuple.of(hospital.value(), position, limit)).map(rows -> {
            List<OfferEvent> events = new ArrayList<>();
            for (Row r : rows) {
                events.add(new OfferEvent(r.getLong("position"), OfferEventKind.valueOf(r.getString("kind")),
                        OfferRepository.toDomain(offer(r, OFFER_PREFIX)), TransferRepository.toDomain(transfer(r)),
                        instant(r, "occurred_at")));
            }
            return events;
        });
    }

    public Uni<List<TransportEvent>> transportEventsAfter(long position, int limit) {
        return pool.preparedQuery(TRANSPORT_EVENTS).execute(Tuple.of(position, limit)).map(rows -> {
            List<TransportEvent> events = new ArrayList<>();
            for (Row r : rows) {
                events.add(new TransportEvent(r.getLong("position"), TransferRepository.toDomain(transfer(r)), instant(r, "occurred_at")));
            }
            return events;
        });
    }

    public Uni<Map<UUID, TransferDetails>> transfers(List<UUID> ids) {
        return pool.preparedQuery("select " + TRANSFER_SELECT + " from transfer t where t.transfer_id = any($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
                    Map<UUID, TransferDetails> byId = new HashMap<>();
                    for (Row r : rows) {
                        byId.put(r.getUUID("transfer_id"), TransferRepository.toDomain(transfer(r)));
                    }
                    return byId;
                });
    }

    /** The transfers of a plan's approved patients, by assignment number. */
    public Uni<Map<Integer, ApprovedTransfer>> planTransfers(UUID planId) {
        return pool.preparedQuery("select a.number, a.transfer_id, t.status, t.destination_hospital_id from plan_assignment a "
                        + "join transfer t on t.transfer_id = a.transfer_id where a.plan_id = $1")
                .execute(Tuple.of(planId)).map(rows -> {
                    Map<Integer, ApprovedTransfer> byNumber = new HashMap<>();
                    for (Row r : rows) {
                        byNumber.put(r.getInteger("number"), new ApprovedTransfer(r.getUUID("transfer_id"), TransferStatus.valueOf(r.getString("status")),
                                Optional.ofNullable(r.getString("destination_hospital_id")).map(HospitalId::new)));
                    }
                    return byNumber;
                });
    }

    /** A hospital's offers, newest first, after a page's last one. */
    public Uni<List<Offer>> offersOf(HospitalId hospital, Set<OfferStatus> statuses, Optional<OfferFilter.Cursor> after, int limit) {
        String[] wanted = statuses.stream().map(Enum::name).sorted().toArray(String[]::new);
        return pool.preparedQuery("select * from offer where hospital_id = $1 "
                        + "and (cardinality($2::text[]) = 0 or status = any($2)) "
                        + "and ($3::timestamptz is null or (created_at, offer_id) < ($3, $4)) "
                        + "order by created_at desc, offer_id desc limit $5")
                .execute(Tuple.of(hospital.value(), wanted, after.map(c -> OffsetDateTime.ofInstant(c.createdAt(), ZoneOffset.UTC))
                        .orElse(null), after.map(OfferFilter.Cursor::offerId).orElse(null), limit))
                .map(rows -> {
                    List<Offer> offers = new ArrayList<>();
                    rows.forEach(r -> offers.add(OfferRepository.toDomain(offer(r, ""))));
                    return offers;
                });
    }

    /** Where to start a hospital's offer stream from: just before its oldest open offer, if any. */
    public Uni<Long> beforeOldestOpenOffer(String hospitalId) {
        return pool.preparedQuery("select coalesce(min(f.position) - 1, (select coalesce(max(position), 0) from transfer_feed)) as p "
                        + "from transfer_feed f join offer o on o.offer_id = f.offer_id "
                        + "where f.topic = 'OFFER' and f.kind = 'OFFERED' and o.hospital_id = $1 and o.status = 'OPEN'")
                .execute(Tuple.of(hospitalId)).map(rows -> rows.iterator().next().getLong("p"));
    }

    private static TransferEntity transfer(Row r) {
        TransferEntity e = new TransferEntity();
        e.transferId = r.getUUID("transfer_id");
        e.originHospitalId = r.getString("origin_hospital_id");
        e.originLatitude = r.getDouble("origin_latitude");
        e.originLongitude = r.getDouble("origin_longitude");
        e.patientReference = r.getString("patient_reference");
        e.ageBand = r.getString("age_band");
        e.bedCategory = r.getString("bed_category");
        e.requiredCapabilities = r.getString("required_capabilities");
        e.acuity = r.getString("acuity");
        e.maxTravelMinutes = r.getInteger("max_travel_minutes");
        e.preferredHospitalIds = r.getString("preferred_hospital_ids");
        e.excludedHospitalIds = r.getString("excluded_hospital_ids");
        e.clinicalNote = "";
        e.status = r.getString("status");
        e.destinationHospitalId = r.getString("destination_hospital_id");
        e.createdAt = instant(r, "created_at");
        e.createdBy = r.getString("created_by");
        e.updatedAt = instant(r, "updated_at");
        e.waitingReason = r.getString("waiting_reason");
        e.crewType = r.getString("crew_type");
        e.callSign = r.getString("call_sign");
        e.estimatedArrival = instant(r, "estimated_arrival");
        e.transportAssignedBy = r.getString("transport_assigned_by");
        e.crewLatitude = r.getDouble("crew_latitude");
        e.crewLongitude = r.getDouble("crew_longitude");
        e.crewPositionAt = instant(r, "crew_position_at");
        e.dispatchCenter = r.getString("dispatch_center");
        e.externalReference = r.getString("external_reference");
        return e;
    }

    private static OfferEntity offer(Row r, String p) {
        OfferEntity e = new OfferEntity();
        e.offerId = r.getUUID(p + "offer_id");
        e.transferId = r.getUUID(p + "transfer_id");
        e.hospitalId = r.getString(p + "hospital_id");
        e.campaign = r.getInteger(p + "campaign");
        e.round = r.getInteger(p + "round");
        e.createdAt = instant(r, p + "created_at");
        e.status = r.getString(p + "status");
        e.travelMinutes = r.getInteger(p + "travel_minutes");
        e.holdId = r.getUUID(p + "hold_id");
        e.deadline = instant(r, p + "deadline");
        e.offeredAt = instant(r, p + "offered_at");
        e.declineReason = r.getString(p + "decline_reason");
        e.answerText = r.getString(p + "answer_text");
        e.availableFrom = instant(r, p + "available_from");
        e.answeredAt = instant(r, p + "answered_at");
        e.answeredBy = r.getString(p + "answered_by");
        e.holdAction = r.getString(p + "hold_action");
        e.holdActionAt = instant(r, p + "hold_action_at");
        e.holdExpiresAt = instant(r, p + "hold_expires_at");
        return e;
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
