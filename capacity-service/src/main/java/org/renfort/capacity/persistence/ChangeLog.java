package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The region's change log. Writers append without coordinating: positions come from a
 * sequence, so they may commit out of order, and a rolled-back writer leaves a hole. Readers
 * (RegionReader) deliver positions in order and wait for a hole until every transaction that
 * could still fill it has ended. A NOTIFY wakes the readers of every instance at commit.
 */
@ApplicationScoped
public class ChangeLog {
    public static final String CHANNEL = "renfort_capacity_changes";
    /** Many changes, one NOTIFY (called once, not per row: the data-modifying CTE runs whole anyway). */
    private static final String APPEND_ALL = "WITH change AS (INSERT INTO capacity_change (hospital_id, kind, occurred_at, payload) "
            + "SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::text[]) RETURNING position) "
            + "SELECT pg_notify('" + CHANNEL + "', '') WHERE EXISTS (SELECT 1 FROM change)";

    private final ChangePayloadCodec codec;

    ChangeLog(ChangePayloadCodec codec) {
        this.codec = codec;
    }

    /**
     * Appends a change. Call it after the transaction's other writes: the transaction then already
     * has an id when it takes its position, which is what lets readers tell a hole that may still
     * fill from one that never will.
     */
    public Uni<Void> append(HospitalId hospital, RegionChange.Kind kind, Instant at, RegionChange.Payload payload) {
        CapacityChangeEntity change = new CapacityChangeEntity();
        change.hospitalId = hospital.value();
        change.kind = kind.name();
        change.occurredAt = at;
        change.payload = codec.encode(payload);
        return Panache.getSession().flatMap(session -> session.persist(change)
                .flatMap(v -> session.flush())
                // A statement, not a select: Hibernate caches no query plan for it (a native select
                // grew its plan cache by one entry per call, and its lookups cost 15 % of the CPU).
                .flatMap(v -> session.createNativeQuery("NOTIFY " + CHANNEL).executeUpdate())
                .replaceWithVoid());
    }

    /** A change to append with others of the same transaction. */
    public record Entry(HospitalId hospital, RegionChange.Kind kind, Instant at, RegionChange.Payload payload) {
    }

    /** Appends changes in the transaction of this connection in one statement (a batch of reports'), after its other writes as {@link #append}. */
    public Uni<Void> appendAll(SqlClient transaction, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return transaction.preparedQuery(APPEND_ALL).execute(Tuple.from(new Object[] {
                entries.stream().map(e -> e.hospital().value()).toArray(String[]::new),
                entries.stream().map(e -> e.kind().name()).toArray(String[]::new),
                entries.stream().map(e -> CapacityRows.timestamp(e.at())).toArray(OffsetDateTime[]::new),
                entries.stream().map(e -> codec.encode(e.payload())).toArray(String[]::new)})).replaceWithVoid();
    }
}
