package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.HospitalId;
import org.renfort.servicekit.SessionSql;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What hospitals and dispatch are told, in commit order. Writers append inside the transaction
 * of the decision, after one transaction-level advisory lock: positions then become visible in
 * increasing order, so a reader that resumes after a position can never skip one that commits
 * later. Contention is low: the lock is taken at the end of a short transaction.
 */
@ApplicationScoped
public class TransferFeed {
    public static final String CHANNEL = "renfort_transfer_feed";
    private static final long LOCK_KEY = 0x52_65_6e_66_6f_72_74L; // "Renfort"

    public enum Topic { OFFER, TRANSPORT }

    private final Pool pool;

    TransferFeed(Pool pool) {
        this.pool = pool;
    }

    /** An entry to append; its position is given when it is written. */
    public record NewEntry(Topic topic, Optional<HospitalId> hospital, String kind, UUID transferId, Optional<UUID> offerId,
                           Instant at) {
    }

    /**
     * Call inside the transaction that made the changes, once, at its end: one statement takes the
     * lock and wakes each audience concerned, one writes every entry. That transaction's commit
     * then waits for the disk whatever it asked before: a hospital must never see a position that
     * a crash of PostgreSQL could take back (and hand to another entry).
     */
    public Uni<Void> appendAll(List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // One statement takes the lock, makes the commit durable and queues the wake-ups (sent at
        // commit). The payload says whose entry it is, so that only the watchers concerned read;
        // audiences are FINESS numbers or a topic's name (validated characters), never free text.
        String lockAndNotify = entries.stream().map(e -> "pg_notify('" + CHANNEL + "', '" + audience(e.topic(), e.hospital()) + "')")
                .distinct().collect(Collectors.joining(", ", "select count(*) from (select pg_advisory_xact_lock("
                        + LOCK_KEY + "), set_config('synchronous_commit', 'on', true), ", ") as locked"));
        return Panache.getSession().flatMap(s -> SessionSql.select(s, lockAndNotify)
                .chain(() -> BatchInsert.into("transfer_feed",
                        List.of("topic", "hospital_id", "kind", "transfer_id", "offer_id", "occurred_at"), entries.stream()
                                .map(e -> new Object[] {e.topic().name(), e.hospital().map(HospitalId::value).orElse(null), e.kind(),
                                        e.transferId(), e.offerId().orElse(null), e.at()}).toList())))
                .replaceWithVoid();
    }

    /** Who an entry is for: a hospital id (validated FINESS characters) or the topic's name. */
    public static String audience(Topic topic, Optional<HospitalId> hospital) {
        return topic == Topic.OFFER && hospital.isPresent() ? hospital.get().value() : topic.name();
    }

    public Uni<Long> lastPosition() {
        return pool.query("select coalesce(max(position), 0) as last from transfer_feed").execute()
                .map(rows -> rows.iterator().next().getLong("last"));
    }
}
