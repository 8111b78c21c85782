package org.renfort.servicekit;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.pool.ReactiveConnection;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A native SQL select run on a Hibernate Reactive session's own connection, inside its
 * transaction: PostgreSQL's placeholders ({@code $1, $2...}), rows as the driver decodes them.
 *
 * <p>Why not {@code session.createNativeQuery}: Hibernate (7.2, with Hibernate Reactive 3.2)
 * plans a native select again on every call and stores each plan in its query plan cache under a
 * key that never matches again yet hashes like every other key of the same SQL. On a hot path
 * the cache fills up with one bucket of colliding keys, and walking it took 18 % of
 * capacity-service's CPU samples in the transfer benchmark (see the services' QueryPlanCacheTest).
 * HQL queries and all mutations are cached as they should be and stay on Hibernate.
 *
 * <p>Writes go the same way where a hot path writes many rows of a table whose entities the
 * session does not hold: one prepared statement, executed for every row in one round trip.
 *
 * <p>As with Hibernate's own native queries, the session is flushed first, so that the statement
 * sees what the transaction changed.
 */
public final class SessionSql {
    private SessionSql() {
    }

    public static Uni<List<Object[]>> select(Mutiny.Session session, String sql, Object... values) {
        ReactiveConnection connection = connection(session);
        Object[] bound = bind(values);
        return session.flush().chain(() -> Uni.createFrom().completionStage(() -> connection.select(sql, bound))).map(result -> {
            List<Object[]> rows = new ArrayList<>(result.size());
            result.forEachRemaining(rows::add);
            return rows;
        });
    }

    /** One statement executed once per row of values, in order, in one round trip; nothing when there are no rows. */
    public static Uni<Void> executeForEach(Mutiny.Session session, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ReactiveConnection connection = connection(session);
        List<Object[]> bound = rows.stream().map(SessionSql::bind).toList();
        return session.flush().chain(() -> Uni.createFrom().completionStage(() -> connection.update(sql, bound))).replaceWithVoid();
    }

    private static ReactiveConnection connection(Mutiny.Session session) {
        // Hibernate Reactive has no public API for a session's connection; its own session class
        // exposes it. Should that change, every caller's tests fail here, not in production.
        return ((MutinySessionImpl) session).getReactiveConnection();
    }

    private static Object[] bind(Object[] values) {
        Object[] bound = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            bound[i] = values[i] instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : values[i];
        }
        return bound;
    }

    /** The first column of each row, a uuid. */
    public static List<UUID> uuids(List<Object[]> rows) {
        return rows.stream().map(row -> (UUID) row[0]).toList();
    }
}
