package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.kernel.HospitalId;

import java.time.Instant;

/**
 * The region's change log. Writers append without coordinating: positions come from a
 * sequence, so they may commit out of order, and a rolled-back writer leaves a hole. Readers
 * (RegionReader) deliver positions in order and wait for a hole until every transaction that
 * could still fill it has ended. A NOTIFY wakes the readers of every instance at commit.
 */
@ApplicationScoped
public class ChangeLog {
    public static final String CHANNEL = "renfort_capacity_changes";
    private static final String APPEND = "WITH change AS (INSERT INTO capacity_change (hospital_id, kind, occurred_at, payload) "
            + "VALUES ($1, $2, $3, $4) RETURNING position) SELECT pg_notify('" + CHANNEL + "', '') FROM change";

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

    /** The same, in the transaction of this connection, in one statement (the report path's). */
    public Uni<Void> append(SqlClient transaction, HospitalId hospital, RegionChange.Kind kind, Instant at,
                            RegionChange.Payload payload) {
        return transaction.preparedQuery(APPEND).execute(Tuple.of(hospital.value(), kind.name(),
                CapacityRows.timestamp(at), codec.encode(payload))).replaceWithVoid();
    }
}
