package org.renfort.transfer.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Deletions of the data lifecycle, each one statement (one short transaction) per batch, so that
 * any number of instances may run them at once.
 */
@ApplicationScoped
public class RetentionStore {
    /**
     * The oldest feed entries, up to the first one still young enough and never at or past the
     * entry that announced an offer still open (where a hospital's stream starts): always a
     * prefix of the feed, so "purged through" is exact.
     */
    private static final String PURGE_FEED = """
            WITH oldest AS (
                SELECT position, occurred_at FROM transfer_feed ORDER BY position LIMIT $2),
            young AS (
                SELECT coalesce(min(position), 9223372036854775807) AS position FROM oldest WHERE occurred_at >= $1),
            still_open AS (
                SELECT coalesce(min(f.position), 9223372036854775807) AS position
                FROM offer o JOIN transfer_feed f ON f.offer_id = o.offer_id AND f.kind = 'OFFERED'
                WHERE o.status = 'OPEN'),
            deleted AS (
                DELETE FROM transfer_feed WHERE position IN (SELECT position FROM oldest)
                    AND position < (SELECT position FROM young) AND position < (SELECT position FROM still_open)
                RETURNING position),
            marked AS (
                UPDATE feed_retention SET purged_through = (SELECT max(position) FROM deleted)
                WHERE EXISTS (SELECT 1 FROM deleted) AND purged_through < (SELECT max(position) FROM deleted))
            SELECT count(*) AS deleted FROM deleted""";

    private static final String ERASE_NOTES = """
            UPDATE transfer SET clinical_note = '' WHERE transfer_id IN (
                SELECT transfer_id FROM transfer
                WHERE clinical_note <> '' AND status IN ('COMPLETED', 'CANCELLED') AND updated_at < $1
                LIMIT $2 FOR UPDATE SKIP LOCKED)""";

    private final Pool pool;

    RetentionStore(Pool pool) {
        this.pool = pool;
    }

    /** Deletes up to {@code batch} of the oldest feed entries older than the cutoff; how many. */
    public Uni<Integer> purgeFeed(Instant olderThan, int batch) {
        return pool.preparedQuery(PURGE_FEED).execute(Tuple.of(timestamp(olderThan), batch))
                .map(rows -> rows.iterator().next().getLong("deleted").intValue());
    }

    /** The highest feed position deleted (0: none). */
    public Uni<Long> feedPurgedThrough() {
        return pool.query("SELECT purged_through FROM feed_retention").execute()
                .map(rows -> rows.iterator().next().getLong("purged_through"));
    }

    /** Erases the clinical note of up to {@code batch} transfers finished before the cutoff; how many. */
    public Uni<Integer> eraseClinicalNotes(Instant finishedBefore, int batch) {
        return pool.preparedQuery(ERASE_NOTES).execute(Tuple.of(timestamp(finishedBefore), batch)).map(rows -> rows.rowCount());
    }

    private static OffsetDateTime timestamp(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
