package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;
import org.renfort.kernel.AgeBand;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.testsupport.QueryPlans;
import org.renfort.kernel.Acuity;
import org.renfort.transfer.domain.Candidate;
import org.renfort.transfer.domain.ClinicalNote;
import org.renfort.transfer.domain.CrewType;
import org.renfort.transfer.domain.DeclineReason;
import org.renfort.transfer.domain.OfferAnswer;
import org.renfort.transfer.domain.Origin;
import org.renfort.transfer.domain.PatientReference;
import org.renfort.transfer.domain.Transfer;
import org.renfort.transfer.domain.TransferEvent;
import org.renfort.transfer.domain.TransferRequest;
import org.renfort.transfer.domain.TransferRequirements;
import org.renfort.transfer.domain.Transport;
import org.renfort.transfer.domain.TransportStep;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The aggregate survives the database: whatever a move changed - the transfer, its offers, with
 * or without a history entry - reads back equal. Times are a day ahead, so that the negotiation
 * running in this instance finds nothing due on these transfers.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_transfer"))
class TransferRepositoryTest {
    static final HospitalId A = new HospitalId("590000025");
    static final HospitalId B = new HospitalId("590000033");
    final Instant t0 = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MICROS);

    @Inject
    TransferRepository transfers;

    @Test
    void everyFieldAMoveChangedReadsBackEqual() {
        UUID id = created();
        Transfer offered = change(id, t -> t.offerTo(List.of(new Candidate(A, 12), new Candidate(B, 25)), t0, t0.plusSeconds(30)));
        UUID toA = offered.offers().stream().filter(o -> o.hospital().equals(A)).findFirst().orElseThrow().id();
        UUID toB = offered.offers().stream().filter(o -> o.hospital().equals(B)).findFirst().orElseThrow().id();
        change(id, t -> t.holdPlaced(toA, UUID.randomUUID(), t0.plusSeconds(300), t0.plusSeconds(1)));
        change(id, t -> t.holdPlaced(toB, UUID.randomUUID(), t0.plusSeconds(300), t0.plusSeconds(1)));
        change(id, t -> t.answer(toB, new OfferAnswer.Decline(DeclineReason.NO_STAFF, "short-staffed tonight"), "staff-b",
                false, t0.plusSeconds(2), Duration.ofHours(6)));
        change(id, t -> t.answer(toA, new OfferAnswer.Accept(), "coordinator", true, t0.plusSeconds(3), Duration.ofHours(6)));
        Transfer assigned = change(id, t -> t.transport(new TransportStep.AssignCrew(new Transport(CrewType.SMUR, "SMUR 59-1",
                Optional.of(t0.plusSeconds(1800)), "dispatch")), "dispatch", t0.plusSeconds(4)));

        Transfer read = read(id);
        assertEquals(assigned.details(), read.details());
        assertEquals(assigned.negotiation(), read.negotiation());
        assertEquals(assigned.offers(), read.offers());
        List<TransferEvent> history = await(() -> Panache.withSession(() -> transfers.history(id)));
        assertEquals(List.of("requested", "offered to " + A.value() + ", " + B.value() + " (round 1)",
                        "declined by " + B.value() + ": NO_STAFF",
                        "accepted by " + A.value() + " (answered by a coordinator); transport requested", "SMUR SMUR 59-1 assigned"),
                history.stream().map(TransferEvent::reason).toList());
    }

    /**
     * A save writes the rows a move changed and no other (the plain-SQL saves compare with the
     * rows as read, as Hibernate's dirty check did), as PostgreSQL counts them before and after
     * the save, in its transaction.
     */
    @Test
    void aSaveWritesOnlyTheRowsAMoveChanged() {
        UUID id = created();
        Transfer offered = change(id, t -> t.offerTo(List.of(new Candidate(A, 12), new Candidate(B, 25)), t0, t0.plusSeconds(30)));
        UUID toA = offered.offers().stream().filter(o -> o.hospital().equals(A)).findFirst().orElseThrow().id();
        List<Long> updated = await(() -> Panache.withTransaction(() -> transfers.lock(id).chain(found -> {
            Transfer t = found.orElseThrow();
            return rowsUpdated().chain(before -> transfers.save(t, t.holdPlaced(toA, UUID.randomUUID(), t0.plusSeconds(300),
                    t0.plusSeconds(1)), null).chain(() -> rowsUpdated()).map(after ->
                    List.of(after.get(0) - before.get(0), after.get(1) - before.get(1))));
        })));
        assertEquals(List.of(1L, 0L), updated, "offers, transfers updated: one offer changed, the transfer row did not");
    }

    /** Offers and transfers updated, as PostgreSQL's statistics count them for this connection. */
    private static Uni<List<Long>> rowsUpdated() {
        return Panache.getSession().chain(s -> s.createNativeQuery("select pg_stat_get_xact_tuples_updated('offer'::regclass), "
                        + "pg_stat_get_xact_tuples_updated('transfer'::regclass)", Object[].class).getSingleResult())
                .map(r -> List.of(((Number) r[0]).longValue(), ((Number) r[1]).longValue()));
    }

    @Test
    void aMoveWithoutAHistoryEntryIsSavedToo() {
        UUID id = created();
        change(id, t -> t.waitForCapacity(t0, t0.plusSeconds(2), "UNAVAILABLE"));
        Transfer again = change(id, t -> t.waitForCapacity(t0.plusSeconds(2), t0.plusSeconds(4), "circuit breaker open"));

        Transfer read = read(id);
        assertEquals(Optional.of(t0.plusSeconds(4)), read.roundDue());
        assertTrue(read.details().waitingReason().contains("circuit breaker open"), read.details().waitingReason());
        assertEquals(again.details(), read.details());
    }

    /**
     * A whole approved plan's transfers stored in one transaction, then all moved in one: rows,
     * history and feed written together, each transfer's history and offers read back.
     */
    @Test
    void hundredsOfTransfersAreStoredAndMovedTogether() {
        int count = 600;
        List<TransferRepository.NewTransfer> created = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(new TransferRepository.NewTransfer(Transfer.request(UUID.randomUUID(), request(), "staff-origin", t0,
                    t0.plusSeconds(30)), UUID.randomUUID().toString(), "fingerprint"));
        }
        List<UUID> ids = created.stream().map(n -> n.requested().transfer().id()).toList();
        await(() -> Panache.withTransaction(() -> transfers.insertAll(created)));
        await(() -> Panache.withTransaction(() -> transfers.lockAll(ids).chain(locked -> transfers.saveAll(locked.stream()
                .map(t -> new TransferRepository.Change(t, t.offerTo(List.of(new Candidate(A, 12)), t0, t0.plusSeconds(30)), null))
                .toList()))));
        for (UUID id : List.of(ids.get(0), ids.get(count / 2), ids.get(count - 1))) {
            Transfer read = read(id);
            assertEquals(List.of(A), read.offers().stream().map(o -> o.hospital()).toList());
            assertEquals(2, await(() -> Panache.withSession(() -> transfers.history(id))).size());
        }
    }

    private static TransferRequest request() {
        TransferRequirements requirements = new TransferRequirements(new PatientReference("P-" + UUID.randomUUID()),
                AgeBand.ADULT, BedCategory.ADULT_ICU, Set.of(), Acuity.URGENT, 60, List.of(), List.of());
        return new TransferRequest(new Origin.AtHospital(new HospitalId("590000017")), requirements,
                new ClinicalNote("Intubated"), new IdempotencyKey(UUID.randomUUID().toString()));
    }

    private UUID created() {
        Transfer.Requested requested = Transfer.request(UUID.randomUUID(), request(), "staff-origin", t0, t0.plusSeconds(30));
        await(() -> Panache.withTransaction(() -> transfers.insert(requested, UUID.randomUUID().toString(), "fingerprint")));
        return requested.transfer().id();
    }

    /** Locks, moves, saves in one transaction, as the application does; returns the transfer as saved. */
    @Inject
    TransferFeed feed;

    /**
     * A claim commits without waiting for the disk (losing it is harmless); a transaction that
     * also tells something on the feed commits durably, so that no watcher ever sees a position
     * a PostgreSQL crash could take back. Rolled back: the entry is not left for the streams.
     */
    @Test
    void aTransactionThatAppendsToTheFeedWaitsForTheDiskEvenAfterAClaim() {
        List<String> settings = await(() -> Panache.withTransaction(() -> Panache.currentTransaction()
                .invoke(tx -> tx.markForRollback())
                .chain(() -> transfers.claimDueRounds(Instant.EPOCH, t0, 1))
                .chain(() -> synchronousCommit())
                .chain(afterClaim -> feed.appendAll(List.of(new TransferFeed.NewEntry(TransferFeed.Topic.TRANSPORT, Optional.empty(),
                                "TEST", UUID.randomUUID(), Optional.empty(), t0)))
                        .chain(() -> synchronousCommit()).map(afterAppend -> List.of(afterClaim, afterAppend)))));
        assertEquals(List.of("off", "on"), settings);
    }

    @Inject
    OfferRepository offers;

    @Inject
    Mutiny.SessionFactory sessions;

    /**
     * The statements every round, answer and scheduler pass runs are planned once, not on every
     * call: Hibernate never finds a native select's plan again and piles them up in its cache
     * (servicekit.SessionSql). Rolled back: nothing is left for the streams.
     */
    @Test
    void theNegotiationsStatementsAreNotPlannedAgainOnEveryCall() {
        Origin origin = request().origin();
        Supplier<Uni<Object>> everyHotStatement = () -> Panache.withTransaction(() -> Panache.currentTransaction()
                .invoke(tx -> tx.markForRollback())
                .chain(() -> transfers.hasLiveTransfer(origin, new PatientReference("PLAN-CACHE")))
                .chain(() -> transfers.lockAll(List.of(UUID.randomUUID())))
                .chain(() -> transfers.lockAllOfOffers(List.of(UUID.randomUUID())))
                .chain(() -> transfers.transferOfCall("staff-plan-cache", "key"))
                .chain(() -> transfers.claimDueRounds(Instant.EPOCH, t0, 10))
                .chain(() -> transfers.lockWithOverdueOffers(Instant.EPOCH, 10))
                .chain(() -> offers.claimDueHoldWork(Instant.EPOCH, t0, 10))
                .chain(() -> feed.appendAll(List.of(new TransferFeed.NewEntry(TransferFeed.Topic.TRANSPORT, Optional.empty(),
                        "TEST", UUID.randomUUID(), Optional.empty(), t0))))
                .replaceWith(new Object()));
        QueryPlans.assertPlannedOnce(sessions.getStatistics(), 20, () -> await(everyHotStatement));
    }

    /** A transaction's entries are written together, in the order given, each hospital reading only its own. */
    @Test
    void entriesAppendedTogetherKeepTheirOrderAndAudience() {
        long before = await(() -> feed.lastPosition());
        UUID transfer = UUID.randomUUID();
        HospitalId first = new HospitalId("590000001");
        HospitalId second = new HospitalId("590000002");
        await(() -> Panache.withTransaction(() -> feed.appendAll(List.of(
                new TransferFeed.NewEntry(TransferFeed.Topic.OFFER, Optional.of(first), "OFFERED", transfer, Optional.of(UUID.randomUUID()), t0),
                new TransferFeed.NewEntry(TransferFeed.Topic.TRANSPORT, Optional.empty(), "PLACED", transfer, Optional.empty(), t0),
                new TransferFeed.NewEntry(TransferFeed.Topic.OFFER, Optional.of(second), "WITHDRAWN", transfer, Optional.of(UUID.randomUUID()),
                        t0),
                new TransferFeed.NewEntry(TransferFeed.Topic.OFFER, Optional.of(first), "ANSWERED", transfer, Optional.of(UUID.randomUUID()),
                        t0)))));
        List<FeedRow> ofFirst = feedAfter(before, "OFFER", first.value());
        List<FeedRow> ofSecond = feedAfter(before, "OFFER", second.value());
        List<FeedRow> transports = feedAfter(before, "TRANSPORT", "");
        assertEquals(List.of("OFFERED", "ANSWERED"), ofFirst.stream().map(FeedRow::kind).toList());
        assertEquals(List.of("WITHDRAWN"), ofSecond.stream().map(FeedRow::kind).toList());
        assertEquals(List.of("PLACED"), transports.stream().map(FeedRow::kind).toList());
        assertTrue(ofFirst.get(0).position() < transports.get(0).position()
                && transports.get(0).position() < ofSecond.get(0).position()
                && ofSecond.get(0).position() < ofFirst.get(1).position(), "positions follow the order the entries were given in");
    }

    private record FeedRow(long position, String kind) {
    }

    /** The feed's rows after a position for one audience, as written (no transfer or offer behind them here). */
    private List<FeedRow> feedAfter(long position, String topic, String hospital) {
        List<Object[]> rows = await(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "select position, kind from transfer_feed where position > :p and topic = :t "
                                + "and coalesce(hospital_id, '') = :h order by position", Object[].class)
                .setParameter("p", position).setParameter("t", topic).setParameter("h", hospital).getResultList())));
        return rows.stream().map(r -> new FeedRow(((Number) r[0]).longValue(), (String) r[1])).toList();
    }

    private static Uni<String> synchronousCommit() {
        return Panache.getSession().chain(s -> s.createNativeQuery("select current_setting('synchronous_commit')", String.class)
                .getSingleResult());
    }

    private Transfer change(UUID id, Function<Transfer, org.renfort.transfer.domain.Outcome> move) {
        return await(() -> Panache.withTransaction(() -> transfers.lock(id).chain(found -> {
            Transfer t = found.orElseThrow();
            return transfers.save(t, move.apply(t), null).replaceWith(t);
        })));
    }

    private Transfer read(UUID id) {
        return await(() -> Panache.withSession(() -> transfers.load(id))).orElseThrow();
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            // Bounded: a chain that never completes (e.g. nested too deep) fails the test instead of hanging the build.
            return VertxContextSupport.subscribeAndAwait(() -> work.get().ifNoItem().after(Duration.ofMinutes(1)).fail());
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
