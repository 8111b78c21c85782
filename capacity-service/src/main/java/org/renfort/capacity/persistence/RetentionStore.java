package org.renfort.capacity.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Deletions of the data lifecycle, each one statement (one short transaction) per batch, so that
 * any number of instances may run them at once.
 */
@ApplicationScoped
public class RetentionStore {
    /** The oldest entries up to the first one still young enough: always a prefix, so "purged through" is exact. */
    private static final String PURGE_CHANGE_LOG = """
            WITH oldest AS (
                SELECT position, occurred_at FROM capacity_change ORDER BY position LIMIT $2),
            young AS (
                SELECT coalesce(min(position), 9223372036854775807) AS position FROM oldest WHERE occurred_at >= $1),
            deleted AS (
                DELETE FROM capacity_change WHERE position IN (SELECT position FROM oldest)
                    AND position < (SELECT position FROM young)
                RETURNING position),
            marked AS (
                UPDATE change_log_retention SET purged_through = (SELECT max(position) FROM deleted)
                WHERE EXISTS (SELECT 1 FROM deleted) AND purged_through < (SELECT max(position) FROM deleted))
            SELECT count(*) AS deleted FROM deleted""";

    /**
     * Closed holds that no longer count - a consumed one counts until a report of its category
     * made after the arrival - moved to the archive in one statement. A closed hold is never
     * written again, so moving it needs no category lock.
     */
    private static final String ARCHIVE_HOLDS = """
            WITH moved AS (
                DELETE FROM bed_hold WHERE hold_id IN (
                    SELECT h.hold_id FROM bed_hold h
                    WHERE h.status <> 'ACTIVE' AND h.closed_at < $1
                      AND NOT (h.status = 'CONSUMED' AND EXISTS (
                          SELECT 1 FROM bed_capacity b
                          WHERE b.hospital_id = h.hospital_id AND b.category = h.category AND h.closed_at > b.reported_at))
                    LIMIT $2 FOR UPDATE SKIP LOCKED)
                RETURNING *)
            INSERT INTO bed_hold_archive SELECT * FROM moved""";

    private final Pool pool;

    RetentionStore(Pool pool) {
        this.pool = pool;
    }

    /** Deletes up to {@code batch} of the oldest change-log entries older than the cutoff; how many. */
    public Uni<Integer> purgeChangeLog(Instant olderThan, int batch) {
        return pool.preparedQuery(PURGE_CHANGE_LOG).execute(Tuple.of(CapacityRows.timestamp(olderThan), batch))
                .map(rows -> rows.iterator().next().getLong("deleted").intValue());
    }

    /** Moves up to {@code batch} holds closed before the cutoff (and no longer counted) to the archive; how many. */
    public Uni<Integer> archiveHolds(Instant closedBefore, int batch) {
        return pool.preparedQuery(ARCHIVE_HOLDS).execute(Tuple.of(CapacityRows.timestamp(closedBefore), batch))
                .map(rows -> rows.rowCount());
    }
}
