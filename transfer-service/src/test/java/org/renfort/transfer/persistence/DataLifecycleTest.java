package org.renfort.transfer.persistence;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.renfort.kernel.Caller;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.Role;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.transfer.application.DataLifecycle;
import org.renfort.transfer.application.TransferFeeds;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each rule of the data lifecycle on the real schema, run as the service's own role: what it
 * deletes, what it must keep, and what a lagging reader is told. Its own profile: a database of
 * its own (cleaned at start), short retentions.
 */
@QuarkusTest
@TestProfile(DataLifecycleTest.ShortRetention.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_transfer"))
class DataLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HospitalId HOSPITAL = new HospitalId("590000025");

    public static class ShortRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("renfort.transfer.retention.feed", "1h", "renfort.transfer.retention.clinical-note", "2d",
                    "renfort.transfer.retention.batch", "2");
        }
    }

    @Inject
    Pool pool;
    @Inject
    DataLifecycle lifecycle;
    @Inject
    TransferFeeds feeds;

    final Instant now = Instant.now();

    /**
     * Old entries go, a batch at a time, up to the first young one, never past the announcement
     * of an offer still open; a watcher resuming from a deleted position is told to start over,
     * one resuming from the last deleted one is not (it misses nothing).
     */
    @Test
    void theFeedKeepsItsRetentionAndEveryOpenOffersAnnouncement() {
        UUID transfer = transfer("NEGOTIATING", now.minus(Duration.ofHours(3)), "");
        UUID open = offer(transfer, "OPEN", 2);
        UUID withdrawn = offer(transfer, "WITHDRAWN", 1);
        long old1 = feedEntry(transfer, withdrawn, "WITHDRAWN", now.minus(Duration.ofHours(3)));
        long old2 = feedEntry(transfer, withdrawn, "WITHDRAWN", now.minus(Duration.ofHours(3)));
        long old3 = feedEntry(transfer, withdrawn, "WITHDRAWN", now.minus(Duration.ofHours(3)));
        long announcement = feedEntry(transfer, open, "OFFERED", now.minus(Duration.ofHours(2)));
        long afterAnnouncement = feedEntry(transfer, withdrawn, "WITHDRAWN", now.minus(Duration.ofHours(2)));
        long young = feedEntry(transfer, withdrawn, "WITHDRAWN", now.minus(Duration.ofMinutes(10)));

        assertEquals(3, lifecycle.apply().await().atMost(WAIT).feedEntriesDeleted(), "three old entries, in batches of two");
        assertEquals(List.of(announcement, afterAnnouncement, young), feedPositions());
        assertEquals(old3, purgedThrough());

        Throwable refused = watchFrom(old2).join();
        assertInstanceOf(FailedPreconditionException.class, refused);
        assertTrue(refused.getMessage().contains("watch again from after_position 0"), refused.getMessage());
        assertEquals(null, watchFrom(old3).join(), "resuming from the last entry deleted misses nothing");
        assertInstanceOf(FailedPreconditionException.class, watchFrom(old1).join());

        sql("update offer set status = 'DECLINED' where offer_id = $1", Tuple.of(open));
        assertEquals(2, lifecycle.apply().await().atMost(WAIT).feedEntriesDeleted(), "the offer answered, its announcement may go");
        assertEquals(List.of(young), feedPositions());
        assertEquals(afterAnnouncement, purgedThrough());
    }

    /** Finished long enough ago: the note is erased, and the erasure is in the audit trail; nothing else is touched. */
    @Test
    void clinicalNotesAreErasedOnlyLongEnoughAfterTheTransferFinished() {
        UUID completedLongAgo = transfer("COMPLETED", now.minus(Duration.ofDays(3)), "Intubated, FiO2 60 %");
        UUID cancelledLongAgo = transfer("CANCELLED", now.minus(Duration.ofDays(3)), "Dialysis");
        UUID completedRecently = transfer("COMPLETED", now.minus(Duration.ofDays(1)), "Sedated");
        UUID stillUnderWay = transfer("IN_TRANSIT", now.minus(Duration.ofDays(3)), "Oxygen");
        long auditBefore = auditEntries();

        DataLifecycle.Result result = lifecycle.apply().await().atMost(WAIT);

        assertTrue(result.clinicalNotesErased() >= 2, "" + result);
        assertEquals("", note(completedLongAgo));
        assertEquals("", note(cancelledLongAgo));
        assertEquals("Sedated", note(completedRecently));
        assertEquals("Oxygen", note(stillUnderWay));
        assertEquals("COMPLETED", one("select status from transfer where transfer_id = $1", Tuple.of(completedLongAgo)).getString("status"));
        assertEquals(auditBefore + 1, auditEntries());
    }

    /**
     * The duplicate check of a new request (one live transfer per patient and origin) is
     * answered from the index that enforces it, for requests from the field too, whatever the
     * size of the table: with sequential scans off, a query the index cannot serve shows one.
     */
    @Test
    void theLiveTransferChecksUseTheIndexThatEnforcesThem() {
        String single = TransferRepository.LIVE_TRANSFER_CHECK.replace("$1", "'field'").replace("$2", "'P-1'");
        String several = TransferRepository.LIVE_TRANSFERS_AMONG.replace(":origins", "'field', '590000017'")
                .replace(":patients", "'P-1', 'P-2'");
        for (String query : List.of(single, several)) {
            String plan = pool.withTransaction(c -> c.query("set local enable_seqscan = off").execute()
                            .chain(() -> c.query("explain " + query).execute()))
                    .map(rows -> {
                        StringBuilder text = new StringBuilder();
                        rows.forEach(r -> text.append(r.getString(0)).append('\n'));
                        return text.toString();
                    }).await().atMost(WAIT);
            assertTrue(plan.contains("transfer_one_live_per_patient"), query + "\n" + plan);
        }
    }

    private CompletableFuture<Throwable> watchFrom(long position) {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Caller staff = new Caller("staff-" + HOSPITAL.value(), Set.of(Role.HOSPITAL_STAFF), Optional.of(HOSPITAL), "r");
        TransferFeeds.Watch watch = feeds.watchOffers(staff, Optional.of(HOSPITAL), position, event -> { }, outcome::complete);
        // No refusal within the wait: the watch started.
        return outcome.completeOnTimeout(null, 2, TimeUnit.SECONDS).whenComplete((t, e) -> watch.cancel());
    }

    private UUID transfer(String status, Instant updatedAt, String note) {
        UUID id = UUID.randomUUID();
        sql("insert into transfer (transfer_id, origin_hospital_id, patient_reference, age_band, bed_category, "
                        + "required_capabilities, acuity, max_travel_minutes, preferred_hospital_ids, excluded_hospital_ids, "
                        + "clinical_note, status, created_at, created_by, idempotency_key, fingerprint, updated_at) "
                        + "values ($1, '590000017', $2, 'ADULT', 'ADULT_ICU', '', 'URGENT', 60, '', '', $3, $4, $5, 'staff', $6, "
                        + "repeat('0', 64), $5)",
                Tuple.from(List.of(id, "P-" + id, note, status, time(updatedAt), id.toString())));
        return id;
    }

    private UUID offer(UUID transfer, String status, int round) {
        UUID id = UUID.randomUUID();
        sql("insert into offer (offer_id, transfer_id, hospital_id, campaign, round, status, travel_minutes, created_at, deadline) "
                + "values ($1, $2, $3, 0, $7, $4, 20, $5, $6)", Tuple.from(List.of(id, transfer, HOSPITAL.value(), status,
                time(now.minus(Duration.ofHours(2))), time(now.plus(Duration.ofDays(1))), round)));
        return id;
    }

    private long feedEntry(UUID transfer, UUID offer, String kind, Instant at) {
        return one("insert into transfer_feed (topic, hospital_id, kind, transfer_id, offer_id, occurred_at) "
                        + "values ('OFFER', $1, $2, $3, $4, $5) returning position",
                Tuple.of(HOSPITAL.value(), kind, transfer, offer, time(at))).getLong("position");
    }

    private List<Long> feedPositions() {
        List<Long> positions = new ArrayList<>();
        sql("select position from transfer_feed order by position", Tuple.tuple()).forEach(r -> positions.add(r.getLong(0)));
        return positions;
    }

    private long purgedThrough() {
        return one("select purged_through from feed_retention", Tuple.tuple()).getLong(0);
    }

    private String note(UUID transfer) {
        return one("select clinical_note from transfer where transfer_id = $1", Tuple.of(transfer)).getString(0);
    }

    private long auditEntries() {
        return one("select count(*) from audit_event where action = 'EraseClinicalNotes' and subject = 'system'", Tuple.tuple()).getLong(0);
    }

    private Row one(String query, Tuple arguments) {
        return sql(query, arguments).iterator().next();
    }

    private RowSet<Row> sql(String query, Tuple arguments) {
        return pool.preparedQuery(query).execute(arguments).await().atMost(WAIT);
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
