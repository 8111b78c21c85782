package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.Acuity;
import org.renfort.kernel.AgeBand;
import org.renfort.servicekit.SessionSql;
import org.renfort.transfer.domain.ClinicalNote;
import org.renfort.transfer.domain.Origin;
import org.renfort.transfer.domain.PatientReference;
import org.renfort.transfer.domain.ExternalReference;
import org.renfort.transfer.domain.TransferDetails;
import org.renfort.transfer.domain.Transfer;
import org.renfort.transfer.domain.Negotiation;
import org.renfort.transfer.domain.Offer;
import org.renfort.transfer.domain.Outcome;
import org.renfort.transfer.domain.TransferRequirements;
import org.renfort.transfer.domain.TransferStatus;

import org.renfort.transfer.domain.CrewType;
import org.renfort.transfer.domain.TransferEvent;
import org.renfort.transfer.domain.TransferFilter;
import org.renfort.transfer.domain.Transport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Collection;
import java.util.Collections;
import java.util.WeakHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class TransferRepository implements PanacheRepositoryBase<TransferEntity, UUID> {
    private final TransferFeed feed;

    TransferRepository(TransferFeed feed) {
        this.feed = feed;
    }

    /** A transfer with the fingerprint of the request that created it. */
    public record Stored(TransferDetails transfer, String fingerprint) {
    }

    public Uni<Optional<TransferDetails>> find(UUID id) {
        return findById(id).map(e -> Optional.ofNullable(e).map(TransferRepository::toDomain));
    }

    public Uni<Optional<Stored>> findByIdempotencyKey(String createdBy, String key) {
        return find("createdBy = ?1 and idempotencyKey = ?2", createdBy, key).firstResult()
                .map(e -> Optional.ofNullable(e).map(t -> new Stored(toDomain(t), t.fingerprint)));
    }

    private static final String FIELD = "field";
    /**
     * Live transfers are found through the index that keeps one per patient and origin
     * (transfer_one_live_per_patient): the same expression and the same literal statuses, or
     * PostgreSQL cannot use it and reads every transfer of the origin - or of the field - ever made.
     */
    private static final String LIVE = "coalesce(origin_hospital_id, '" + FIELD + "') %s and patient_reference %s "
            + "and status not in ('COMPLETED', 'CANCELLED')";
    static final String LIVE_TRANSFER_CHECK = "select count(*) from transfer where " + LIVE.formatted("= $1", "= $2");
    static final String LIVE_TRANSFERS_AMONG = "select coalesce(origin_hospital_id, '" + FIELD + "'), patient_reference "
            + "from transfer where " + LIVE.formatted("in (:origins)", "in (:patients)");

    public Uni<Boolean> hasLiveTransfer(Origin origin, PatientReference patient) {
        return Panache.getSession().flatMap(session -> SessionSql.select(session, LIVE_TRANSFER_CHECK,
                        originKey(origin), patient.value()))
                .map(rows -> ((Number) rows.get(0)[0]).longValue() > 0);
    }

    /** Which of these new transfers' patients already have a live transfer from the same origin, as "origin/patient". */
    public Uni<List<String>> liveAmong(List<TransferDetails> candidates) {
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<String> wanted = candidates.stream().map(d -> liveKey(originKey(d.origin()), d.requirements().patient().value()))
                .collect(Collectors.toSet());
        return Panache.getSession().flatMap(session -> session.createNativeQuery(LIVE_TRANSFERS_AMONG, Object[].class)
                .setParameter("origins", candidates.stream().map(d -> originKey(d.origin())).distinct().toList())
                .setParameter("patients", candidates.stream().map(d -> d.requirements().patient().value()).distinct().toList())
                .getResultList())
                .map(rows -> rows.stream().map(r -> liveKey((String) r[0], (String) r[1])).filter(wanted::contains).sorted().toList());
    }

    private static String originKey(Origin origin) {
        return origin instanceof Origin.AtHospital at ? at.hospitalId().value() : FIELD;
    }

    private static String liveKey(String origin, String patient) {
        return origin + "/" + patient;
    }

    /** A new transfer to store, with the key and fingerprint of the request that created it. */
    public record NewTransfer(Transfer.Requested requested, String idempotencyKey, String fingerprint) {
    }

    /** Stores a new transfer and the first entry of its history. Call inside a transaction. */
    public Uni<Transfer> insert(Transfer.Requested requested, String idempotencyKey, String fingerprint) {
        return insertAll(List.of(new NewTransfer(requested, idempotencyKey, fingerprint))).replaceWith(requested.transfer());
    }

    /**
     * Stores new transfers and the first entries of their histories (an approved plan's, in one
     * transaction): the rows in one batch, history and feed in one statement each.
     */
    public Uni<Void> insertAll(List<NewTransfer> created) {
        List<Object[]> rows = created.stream().map(n -> TransferRows.TRANSFER.values(entity(n))).toList();
        return Panache.getSession().chain(s -> SessionSql.executeForEach(s, INSERT_TRANSFER, rows))
                .chain(() -> writeOutcomes(created.stream()
                        .map(n -> new Change(n.requested().transfer(), n.requested().outcome(), n.idempotencyKey())).toList()));
    }

    private static TransferEntity entity(NewTransfer n) {
        Transfer t = n.requested().transfer();
        TransferEntity e = new TransferEntity();
        e.transferId = t.id();
        TransferDetails d = t.details();
        if (d.origin() instanceof Origin.AtHospital at) {
            e.originHospitalId = at.hospitalId().value();
        } else if (d.origin() instanceof Origin.InTheField field) {
            e.originLatitude = field.position().latitude();
            e.originLongitude = field.position().longitude();
        }
        TransferRequirements r = d.requirements();
        e.patientReference = r.patient().value();
        e.ageBand = r.ageBand().name();
        e.bedCategory = r.bedCategory().name();
        e.requiredCapabilities = r.requiredCapabilities().stream().sorted().map(Enum::name).collect(Collectors.joining(","));
        e.acuity = r.acuity().name();
        e.maxTravelMinutes = r.maxTravelMinutes();
        e.preferredHospitalIds = r.preferredHospitals().stream().map(HospitalId::value).collect(Collectors.joining(","));
        e.excludedHospitalIds = r.excludedHospitals().stream().map(HospitalId::value).collect(Collectors.joining(","));
        e.clinicalNote = d.note().text();
        e.createdAt = d.createdAt();
        e.createdBy = d.createdBy();
        e.dispatchCenter = d.dispatchCenter().orElse(null);
        e.externalReference = d.externalReference().map(ExternalReference::value).orElse(null);
        e.idempotencyKey = n.idempotencyKey();
        e.fingerprint = n.fingerprint();
        copy(t, e);
        return e;
    }

    /** Locks a transfer and loads it with its offers: every change of a transfer goes through this lock. */
    public Uni<Optional<Transfer>> lock(UUID id) {
        return lockAll(List.of(id)).map(locked -> locked.stream().findFirst());
    }

    /**
     * Locks several transfers, in id order (the order every multi-transfer transaction takes
     * them in), each with its offers: two statements however many.
     */
    public Uni<List<Transfer>> lockAll(Collection<UUID> ids) {
        return read("transfer_id = any($1) order by transfer_id for update", ids);
    }

    /** Locks the transfers these offers belong to, as {@link #lockAll}: answers name offers, not transfers. */
    public Uni<List<Transfer>> lockAllOfOffers(Collection<UUID> offerIds) {
        return read("transfer_id in (select transfer_id from offer where offer_id = any($1)) order by transfer_id for update", offerIds);
    }

    /** Loads several transfers with their offers, without a lock; the ones not found are left out. */
    public Uni<List<Transfer>> loadAll(Collection<UUID> ids) {
        return read("transfer_id = any($1) order by transfer_id", ids);
    }

    private static final String SELECT_TRANSFERS = "select " + TransferRows.TRANSFER.columnList("") + " from transfer where ";
    private static final String SELECT_OFFERS = "select " + TransferRows.OFFER.columnList("")
            + " from offer where transfer_id = any($1) order by created_at, offer_id";
    private static final String INSERT_TRANSFER = TransferRows.TRANSFER.insert();
    private static final String UPDATE_TRANSFER = TransferRows.TRANSFER.update();
    private static final String INSERT_OFFER = TransferRows.OFFER.insert();
    private static final String UPDATE_OFFER = TransferRows.OFFER.update();

    /**
     * What each transfer read here was as stored (the columns a move can change, its own and its
     * offers'), until it is saved: a save writes only the rows that differ, as Hibernate's dirty
     * check would. Weak keys: a transfer read and never saved takes its entry with it.
     */
    private final Map<Transfer, AsStored> asStored = Collections.synchronizedMap(new WeakHashMap<>());

    private record AsStored(Object[] transfer, Map<UUID, Object[]> offers) {
    }

    private Uni<List<Transfer>> read(String condition, Collection<UUID> ids) {
        Object keys = ids.stream().distinct().toArray(UUID[]::new);
        return Panache.getSession().flatMap(s -> SessionSql.select(s, SELECT_TRANSFERS + condition, keys)
                .flatMap(rows -> rows.isEmpty() ? Uni.createFrom().item(List.<Transfer>of())
                        : SessionSql.select(s, SELECT_OFFERS, (Object) SessionSql.uuids(rows).toArray(UUID[]::new))
                        .map(offerRows -> restore(rows, offerRows))));
    }

    private List<Transfer> restore(List<Object[]> transferRows, List<Object[]> offerRows) {
        Map<UUID, List<OfferEntity>> offersOf = new HashMap<>();
        for (Object[] row : offerRows) {
            OfferEntity o = TransferRows.OFFER.read(row);
            offersOf.computeIfAbsent(o.transferId, id -> new ArrayList<>()).add(o);
        }
        List<Transfer> restored = new ArrayList<>(transferRows.size());
        for (Object[] row : transferRows) {
            TransferEntity e = TransferRows.TRANSFER.read(row);
            List<OfferEntity> offerEntities = offersOf.getOrDefault(e.transferId, List.of());
            Transfer t = Transfer.restore(toDomain(e), negotiation(e), offerEntities.stream().map(OfferRepository::toDomain).toList());
            Map<UUID, Object[]> offers = new HashMap<>();
            offerEntities.forEach(o -> offers.put(o.offerId, TransferRows.OFFER.changes(o)));
            asStored.put(t, new AsStored(TransferRows.TRANSFER.changes(e), offers));
            restored.add(t);
        }
        return restored;
    }

    /** Loads a transfer with its offers, without a lock: to read, never to change. */
    public Uni<Optional<Transfer>> load(UUID id) {
        return loadAll(List.of(id)).map(loaded -> loaded.stream().findFirst());
    }

    /** A transition made on a transfer loaded with {@link #lock}, with the idempotency key of the call that made it (or null). */
    public record Change(Transfer transfer, Outcome outcome, String idempotencyKey) {
    }

    /** Saves one transfer's transition; see {@link #saveAll}. */
    public Uni<Void> save(Transfer t, Outcome outcome, String idempotencyKey) {
        return saveAll(List.of(new Change(t, outcome, idempotencyKey)));
    }

    /**
     * Saves transfers loaded with {@link #lock} and the outcomes of the transitions made on them:
     * the rows that changed are written (one batch per kind of statement), new offers inserted,
     * history entries written with the call's idempotency key and notices appended to the feed -
     * one statement each for all the changes of a transaction, so that a batch of rounds or
     * answers costs a few round trips, not a few per transfer.
     */
    public Uni<Void> saveAll(List<Change> changes) {
        Map<UUID, Transfer> byId = new LinkedHashMap<>();
        Set<UUID> made = new HashSet<>();
        for (Change c : changes) {
            byId.put(c.transfer().id(), c.transfer());
            c.outcome().offersMade().forEach(o -> made.add(o.id()));
        }
        List<Object[]> transferUpdates = new ArrayList<>();
        List<Object[]> offerUpdates = new ArrayList<>();
        List<Object[]> offerInserts = new ArrayList<>();
        for (Transfer t : byId.values()) {
            AsStored stored = asStored.get(t);
            TransferEntity row = new TransferEntity();
            row.transferId = t.id();
            copy(t, row);
            Object[] transferNow = TransferRows.TRANSFER.changes(row);
            if (stored == null || !Arrays.equals(transferNow, stored.transfer())) {
                transferUpdates.add(transferNow);
            }
            Map<UUID, Object[]> offersNow = new HashMap<>();
            for (Offer o : t.offers()) {
                OfferEntity offer = OfferRepository.copy(o, new OfferEntity());
                Object[] offerNow = TransferRows.OFFER.changes(offer);
                if (made.contains(o.id())) {
                    offerInserts.add(TransferRows.OFFER.values(offer));
                } else if (stored == null || !Arrays.equals(offerNow, stored.offers().get(o.id()))) {
                    offerUpdates.add(offerNow);
                }
                offersNow.put(o.id(), offerNow);
            }
            asStored.put(t, new AsStored(transferNow, offersNow));
        }
        return Panache.getSession().chain(s -> SessionSql.executeForEach(s, UPDATE_TRANSFER, transferUpdates)
                        .chain(() -> SessionSql.executeForEach(s, UPDATE_OFFER, offerUpdates))
                        .chain(() -> SessionSql.executeForEach(s, INSERT_OFFER, offerInserts)))
                .chain(() -> writeOutcomes(changes));
    }

    /**
     * History and feed of several transitions, each one prepared insert run for all its rows in
     * one round trip, after the transfer and offer rows.
     */
    private Uni<Void> writeOutcomes(List<Change> changes) {
        List<TransferFeed.NewEntry> entries = new ArrayList<>();
        List<Object[]> events = new ArrayList<>();
        for (Change c : changes) {
            UUID transferId = c.transfer().id();
            for (TransferEvent e : c.outcome().history()) {
                events.add(new Object[] {transferId, e.status().name(), e.actor(), e.occurredAt(),
                        e.reason().length() > 500 ? e.reason().substring(0, 500) : e.reason(), c.idempotencyKey()});
            }
            for (Outcome.Notice notice : c.outcome().notices()) {
                entries.add(notice instanceof Outcome.Notice.ToHospital h
                        ? new TransferFeed.NewEntry(TransferFeed.Topic.OFFER, Optional.of(h.hospital()), h.kind().name(), transferId,
                        Optional.of(h.offerId()), h.at())
                        : new TransferFeed.NewEntry(TransferFeed.Topic.TRANSPORT, Optional.empty(),
                        ((Outcome.Notice.ToDispatch) notice).status().name(), transferId, Optional.empty(), notice.at()));
            }
        }
        return BatchInsert.into("transfer_event",
                        List.of("transfer_id", "status", "actor", "occurred_at", "reason", "idempotency_key"), events)
                .chain(() -> feed.appendAll(entries));
    }


    private static void copy(Transfer t, TransferEntity e) {
        TransferDetails d = t.details();
        Negotiation n = t.negotiation();
        e.status = d.status().name();
        e.destinationHospitalId = d.destination().map(HospitalId::value).orElse(null);
        e.updatedAt = d.updatedAt();
        e.waitingReason = d.waitingReason();
        e.crewType = d.transport().map(tr -> tr.crewType().name()).orElse(null);
        e.callSign = d.transport().map(Transport::callSign).orElse(null);
        e.estimatedArrival = d.transport().flatMap(Transport::estimatedArrival).orElse(null);
        e.transportAssignedBy = d.transport().map(Transport::assignedBy).orElse(null);
        Optional<Transport.Position> position = d.transport().flatMap(Transport::lastPosition);
        e.crewLatitude = position.map(p -> p.point().latitude()).orElse(null);
        e.crewLongitude = position.map(p -> p.point().longitude()).orElse(null);
        e.crewPositionAt = position.map(Transport.Position::reportedAt).orElse(null);
        e.campaign = n.campaign();
        e.round = n.round();
        e.passStartRound = n.passStartRound();
        e.nextRoundAt = n.nextRoundAt().orElse(null);
        e.directedHospitalId = n.directedTo().map(HospitalId::value).orElse(null);
        e.directedTravelMinutes = n.directedTravelMinutes().orElse(null);
        e.directionFallsBack = n.directionFallsBack();
    }

    private static Negotiation negotiation(TransferEntity e) {
        return new Negotiation(e.campaign, e.round, e.passStartRound, Optional.ofNullable(e.nextRoundAt),
                Optional.ofNullable(e.directedHospitalId).map(HospitalId::new), Optional.ofNullable(e.directedTravelMinutes),
                e.directionFallsBack);
    }

    public static TransferDetails toDomain(TransferEntity e) {
        Origin origin = e.originHospitalId != null
                ? new Origin.AtHospital(new HospitalId(e.originHospitalId))
                : new Origin.InTheField(new GeoPoint(e.originLatitude, e.originLongitude));
        Set<Capability> capabilities = split(e.requiredCapabilities).stream().map(Capability::valueOf).collect(Collectors.toSet());
        TransferRequirements requirements = new TransferRequirements(new PatientReference(e.patientReference),
                AgeBand.valueOf(e.ageBand), BedCategory.valueOf(e.bedCategory), capabilities, Acuity.valueOf(e.acuity),
                e.maxTravelMinutes, split(e.preferredHospitalIds).stream().map(HospitalId::new).toList(),
                split(e.excludedHospitalIds).stream().map(HospitalId::new).toList());
        Optional<Transport> transport = e.crewType == null ? Optional.empty() : Optional.of(new Transport(
                CrewType.valueOf(e.crewType), e.callSign, Optional.ofNullable(e.estimatedArrival), e.transportAssignedBy,
                e.crewPositionAt == null ? Optional.empty() : Optional.of(new Transport.Position(
                        new GeoPoint(e.crewLatitude, e.crewLongitude), e.crewPositionAt))));
        return new TransferDetails(e.transferId, origin, requirements, new ClinicalNote(e.clinicalNote),
                TransferStatus.valueOf(e.status), Optional.ofNullable(e.destinationHospitalId).map(HospitalId::new),
                e.createdAt, e.createdBy, e.waitingReason, transport, e.updatedAt, Optional.ofNullable(e.dispatchCenter),
                Optional.ofNullable(e.externalReference).map(ExternalReference::new));
    }

    /**
     * Takes the transfers whose next round is due, skipping those another instance holds, and
     * pushes their due time to the lease's end: if this instance dies mid-round, the round is
     * due again then, on whichever instance looks first.
     */
    public Uni<List<UUID>> claimDueRounds(Instant now, Instant leaseUntil, int limit) {
        return commitWithoutWaitingForTheDisk().chain(() -> Panache.getSession()).flatMap(s -> SessionSql.select(s, CLAIM_DUE_ROUNDS,
                        now, (long) limit, leaseUntil))
                .map(SessionSql::uuids);
    }

    /** Takes and leases in one statement: the due rows are locked (skipping those another instance holds), then pushed ahead. */
    private static final String CLAIM_DUE_ROUNDS = "with due as (select transfer_id from transfer where next_round_at <= $1 "
            + "and status in ('REQUESTED', 'NEGOTIATING', 'UNPLACED') order by next_round_at limit $2 for update skip locked) "
            + "update transfer t set next_round_at = $3 from due where t.transfer_id = due.transfer_id returning t.transfer_id";

    /**
     * For a transaction whose loss in a crash is harmless because its work is redone, and that
     * announces nothing: a claim (the lease simply is not there). Its commit does not wait for
     * the disk; any later durable commit flushes it. A feed entry in the same transaction makes
     * its commit durable again (TransferFeed.append).
     */
    private Uni<Void> commitWithoutWaitingForTheDisk() {
        return Panache.getSession().chain(s -> SessionSql.select(s, COMMIT_WITHOUT_WAITING_FOR_THE_DISK)).replaceWithVoid();
    }

    /** For this transaction only (set_config's third argument), as SET LOCAL. */
    static final String COMMIT_WITHOUT_WAITING_FOR_THE_DISK = "select set_config('synchronous_commit', 'off', true)";

    /** Unplaced transfers needing one of these categories try again now. */
    public Uni<Integer> retryUnplaced(java.util.Collection<BedCategory> categories, Instant now) {
        return update("nextRoundAt = ?1 where status = 'UNPLACED' and bedCategory in ?2 and nextRoundAt > ?1",
                now, categories.stream().map(Enum::name).toList());
    }

    /** Transfers with offers past their deadline, locked, skipping those another instance holds. */
    public Uni<List<UUID>> lockWithOverdueOffers(Instant now, int limit) {
        return Panache.getSession().flatMap(s -> SessionSql.select(s, "select t.transfer_id from transfer t where exists ("
                        + "select 1 from offer o where o.transfer_id = t.transfer_id and o.status = 'OPEN' and o.deadline <= $1) "
                        + "limit $2 for update of t skip locked", now, (long) limit))
                .map(SessionSql::uuids);
    }

    /** A mutating call: who made it, with which idempotency key. */
    public record Call(String actor, String idempotencyKey) {
    }

    /** The transfers that earlier calls with these keys changed, for the calls that were made before. */
    public Uni<Map<Call, UUID>> transfersOfCalls(Collection<Call> calls) {
        if (calls.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // Both lists by the (actor, idempotency_key) index; the pairs not asked for are dropped here.
        return Panache.getSession().flatMap(s -> SessionSql.select(s, "select distinct actor, idempotency_key, transfer_id "
                                + "from transfer_event where actor = any($1) and idempotency_key = any($2)",
                        calls.stream().map(Call::actor).distinct().toArray(String[]::new),
                        calls.stream().map(Call::idempotencyKey).distinct().toArray(String[]::new)))
                .map(rows -> {
                    Set<Call> asked = Set.copyOf(calls);
                    Map<Call, UUID> found = new HashMap<>();
                    for (Object[] r : rows) {
                        Call call = new Call((String) r[0], (String) r[1]);
                        if (asked.contains(call)) {
                            found.put(call, (UUID) r[2]);
                        }
                    }
                    return found;
                });
    }

    /** The transfer an earlier call with this key changed, if any. */
    public Uni<Optional<UUID>> transferOfCall(String actor, String idempotencyKey) {
        Call call = new Call(actor, idempotencyKey);
        return transfersOfCalls(List.of(call)).map(found -> Optional.ofNullable(found.get(call)));
    }

    public Uni<List<TransferEvent>> history(UUID transferId) {
        return TransferEventEntity.<TransferEventEntity>find("transferId = ?1 order by eventId", transferId).list()
                .map(events -> events.stream().map(e -> new TransferEvent(TransferStatus.valueOf(e.status), e.actor,
                        e.occurredAt, e.reason)).toList());
    }

    /** A page of transfers, newest first, matching the filters and visible to the caller's scope. */
    public Uni<List<TransferDetails>> list(TransferFilter filter, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (!filter.statuses().isEmpty()) {
            where.append(" and status in :statuses");
            params.put("statuses", filter.statuses().stream().map(Enum::name).toList());
        }
        filter.hospital().ifPresent(h -> {
            where.append(" and (originHospitalId = :hospital or destinationHospitalId = :hospital)");
            params.put("hospital", h.value());
        });
        filter.acuity().ifPresent(a -> {
            where.append(" and acuity = :acuity");
            params.put("acuity", a.name());
        });
        filter.externalReference().ifPresent(r -> {
            where.append(" and externalReference = :externalReference");
            params.put("externalReference", r.value());
        });
        filter.createdAfter().ifPresent(t -> {
            where.append(" and createdAt >= :after");
            params.put("after", t);
        });
        filter.createdBefore().ifPresent(t -> {
            where.append(" and createdAt < :before");
            params.put("before", t);
        });
        filter.scope().ifPresent(scope -> {
            if (scope instanceof TransferFilter.Scope.Hospital h) {
                params.put("own", h.hospital().value());
                where.append(" and (originHospitalId = :own or destinationHospitalId = :own)");
            } else if (scope instanceof TransferFilter.Scope.Dispatcher d) {
                params.put("subject", d.subject());
                params.put("center", d.dispatchCenter().orElse(""));
                where.append(" and (createdBy = :subject or (destinationHospitalId is not null"
                        + " and (dispatchCenter is null or dispatchCenter = :center)))");
            }
        });
        filter.pageAfter().ifPresent(cursor -> {
            where.append(" and (createdAt < :cursorAt or (createdAt = :cursorAt and transferId < :cursorId))");
            params.put("cursorAt", cursor.createdAt());
            params.put("cursorId", cursor.transferId());
        });
        return find(where + " order by createdAt desc, transferId desc", params).page(0, limit).list()
                .map(rows -> rows.stream().map(TransferRepository::toDomain).toList());
    }

    static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
