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

    /** Every column of a transfer but its clinical note. */
    private static final List<String> TRANSFER_COLUMNS = TransferRows.TRANSFER.columns().stream().map(TransferRows.Column::name)
            .filter(c -> !c.equals("clinical_note")).toList();
    private static final List<String> OFFER_COLUMNS = TransferRows.OFFER.columns().stream().map(TransferRows.Column::name).toList();
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

    /** The transfer's columns of a row, without its clinical note (never selected here). */
    private static TransferEntity transfer(Row r) {
        return TransferRows.TRANSFER.read(column -> column.equals("clinical_note") ? "" : r.getValue(column));
    }

    /** The offer's columns of a row, each name with this prefix. */
    private static OfferEntity offer(Row r, String prefix) {
        return TransferRows.OFFER.read(column -> r.getValue(prefix + column));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
