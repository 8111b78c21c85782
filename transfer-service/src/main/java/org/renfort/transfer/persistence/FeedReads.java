package org.renfort.transfer.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.transfer.domain.Offer;
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

/**
 * Offers and transfers for the feed's watchers and a hospital's offer list, read with the plain
 * SQL client: a watcher lives as long as its stream and needs no Hibernate session, each read
 * takes a connection and gives it back at once. Transfers are read without their clinical note.
 */
@ApplicationScoped
public class FeedReads {
    private final Pool pool;

    FeedReads(Pool pool) {
        this.pool = pool;
    }

    public Uni<Map<UUID, TransferDetails>> transfers(List<UUID> ids) {
        return pool.preparedQuery("select * from transfer where transfer_id = any($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
                    Map<UUID, TransferDetails> byId = new HashMap<>();
                    for (Row r : rows) {
                        byId.put(r.getUUID("transfer_id"), TransferRepository.toDomain(transfer(r)));
                    }
                    return byId;
                });
    }

    public Uni<Map<UUID, Offer>> offers(List<UUID> ids) {
        return pool.preparedQuery("select * from offer where offer_id = any($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
                    Map<UUID, Offer> byId = new HashMap<>();
                    for (Row r : rows) {
                        byId.put(r.getUUID("offer_id"), OfferRepository.toDomain(offer(r)));
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
                    rows.forEach(r -> offers.add(OfferRepository.toDomain(offer(r))));
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
        return e;
    }

    private static OfferEntity offer(Row r) {
        OfferEntity e = new OfferEntity();
        e.offerId = r.getUUID("offer_id");
        e.transferId = r.getUUID("transfer_id");
        e.hospitalId = r.getString("hospital_id");
        e.campaign = r.getInteger("campaign");
        e.round = r.getInteger("round");
        e.createdAt = instant(r, "created_at");
        e.status = r.getString("status");
        e.travelMinutes = r.getInteger("travel_minutes");
        e.holdId = r.getUUID("hold_id");
        e.deadline = instant(r, "deadline");
        e.offeredAt = instant(r, "offered_at");
        e.declineReason = r.getString("decline_reason");
        e.answerText = r.getString("answer_text");
        e.availableFrom = instant(r, "available_from");
        e.answeredAt = instant(r, "answered_at");
        e.answeredBy = r.getString("answered_by");
        e.holdAction = r.getString("hold_action");
        e.holdActionAt = instant(r, "hold_action_at");
        e.holdExpiresAt = instant(r, "hold_expires_at");
        return e;
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
