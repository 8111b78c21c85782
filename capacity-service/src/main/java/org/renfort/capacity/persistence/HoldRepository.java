package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.BedHold;
import org.renfort.capacity.domain.HoldStatus;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.capacity.domain.ReportSource;
import org.renfort.capacity.domain.Reported;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;
import org.renfort.servicekit.SessionSql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Bed holds and the held counter of each category. Every write to the holds of a (hospital,
 * category) first locks that category's current-capacity row - taking beds does it in the same
 * statement - as reports do: holds and reports of one category apply one at a time, which is what
 * makes "never over-commit" hold across instances, and what guards each hold row.
 */
@ApplicationScoped
public class HoldRepository implements PanacheRepositoryBase<BedHoldEntity, UUID> {

    /** Locks a hospital's category row; its available beds as last reported, if ever. */
    public Uni<Optional<Reported<Integer>>> lockCategory(HospitalId hospital, BedCategory category) {
        // Read from the locked row, not from an entity the session may hold from earlier in the transaction.
        return Panache.getSession().flatMap(session -> SessionSql.select(session,
                        "select available, reported_at, source from bed_capacity where hospital_id = $1 and category = $2 for update",
                        hospital.value(), category.name()))
                .map(rows -> rows.stream().findFirst().map(row -> new Reported<>(number(row[0]),
                        ((OffsetDateTime) row[1]).toInstant(), ReportSource.valueOf((String) row[2]))));
    }

    /** A category's beds taken by {@link #takeAndAnnounce}: how many were held before and after, out of how many available. */
    public record Taken(int available, int heldBefore, int heldAfter) {
        public int granted() {
            return heldAfter - heldBefore;
        }
    }

    private static final String HOLD_COLUMNS = "hold_id, hospital_id, category, transfer_reference, status, expires_at, created_at, "
            + "closed_at, idempotency_key";
    /** On the session's connection (SessionSql): as HQL, binding the list of keys cost Hibernate an exception per call. */
    private static final String HOLDS_BY_KEYS = "select " + HOLD_COLUMNS + " from bed_hold "
            + "where created_by = $1 and idempotency_key = any($2) "
            + "union all select " + HOLD_COLUMNS + " from bed_hold_archive "
            + "where created_by = $1 and idempotency_key = any($2)";

    private static final String TAKE_AND_ANNOUNCE = """
            with before as (select available, held from bed_capacity
                            where hospital_id = $1 and category = $2 for update),
            taken as (update bed_capacity b set held = b.held + least($3, before.available - before.held)
                      from before
                      where b.hospital_id = $1 and b.category = $2 and before.available - before.held > 0
                      returning b.available, before.held as held_before, b.held as held_after),
            change as (insert into capacity_change (hospital_id, kind, occurred_at, payload)
                       select $1, $4, $5, %s
                       from taken
                       returning position)
            select t.available, t.held_before, t.held_after, (select count(pg_notify('%s', '')) from change) as notified
            from taken t""".formatted(ChangePayloadCodec.holdsChangedSql("cast($2 as text)", "held_after"), ChangeLog.CHANNEL);

    /**
     * Takes up to {@code beds} beds of a category, as many as are left (available - held), and
     * when beds were granted appends the change-log entry announcing the category's new held
     * figure, with its NOTIFY, all in one statement: after it, the row stays locked through the
     * audit entries and the commit only, not one round trip per write. The transaction must have
     * written already (its holds' rows): see {@link ChangeLog#append}. Empty when the category
     * was never reported or has no bed left.
     */
    public Uni<Optional<Taken>> takeAndAnnounce(HospitalId hospital, BedCategory category, int beds, Instant at) {
        return Panache.getSession().flatMap(session -> SessionSql.select(session, TAKE_AND_ANNOUNCE,
                        hospital.value(), category.name(), beds, RegionChange.Kind.HOLD_PLACED.name(), at))
                .map(rows -> rows.stream().findFirst().map(HoldRepository::figures));
    }

    /** Removes holds written in this transaction whose bed was not granted after all. */
    public Uni<Void> deleteUngranted(Collection<UUID> ids) {
        List<Object[]> once = List.<Object[]>of(new Object[] {ids.toArray(UUID[]::new)});
        return Panache.getSession().flatMap(session -> SessionSql.executeForEach(session, "delete from bed_hold where hold_id = any($1)", once));
    }

    /** A category's available and held beds as committed, unlocked; empty if never reported. */
    public Uni<Optional<Taken>> figures(HospitalId hospital, BedCategory category) {
        return Panache.getSession().flatMap(session -> SessionSql.select(session,
                        "select available, held, held from bed_capacity where hospital_id = $1 and category = $2",
                        hospital.value(), category.name()))
                .map(rows -> rows.stream().findFirst().map(HoldRepository::figures));
    }

    /** Beds back to a category (holds released or expired); the beds now held. Call with the category row locked. */
    public Uni<Integer> giveBack(HospitalId hospital, BedCategory category, int beds) {
        return Panache.getSession().flatMap(session -> SessionSql.select(session,
                        "update bed_capacity set held = held - $1 where hospital_id = $2 and category = $3 returning held",
                        beds, hospital.value(), category.name()))
                .map(rows -> rows.isEmpty() ? 0 : number(rows.get(0)[0]));
    }

    /** The holds already placed by a caller under any of these keys, by key. */
    public Uni<Map<String, BedHold>> findByKeys(String createdBy, Collection<String> keys) {
        // Keys are remembered after their hold is archived (a very late resend still gets its hold):
        // both tables in one statement, since a fresh key - the usual case - is looked up in both.
        return Panache.getSession().flatMap(session -> SessionSql.select(session, HOLDS_BY_KEYS, createdBy,
                        keys.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, BedHold> byKey = new HashMap<>();
                    for (Object[] row : rows) {
                        byKey.putIfAbsent((String) row[8], toDomain((UUID) row[0], (String) row[1], (String) row[2],
                                (String) row[3], (String) row[4], instant(row[5]), instant(row[6]), instant(row[7])));
                    }
                    return byKey;
                });
    }

    /** A category's active holds past their expiry. Call with the category row locked. */
    public Uni<List<BedHold>> expiredIn(HospitalId hospital, BedCategory category, Instant now) {
        return find("hospitalId = ?1 and category = ?2 and status = 'ACTIVE' and expiresAt <= ?3",
                hospital.value(), category.name(), now).list()
                .map(rows -> rows.stream().map(HoldRepository::toDomain).toList());
    }

    public Uni<Void> insertAll(List<BedHold> placed, String createdBy, Map<UUID, String> idempotencyKeys) {
        // Written now, not at commit: the caller takes the category's lock next and wants nothing left to write under it.
        // One prepared statement for every hold in one round trip, on the session's connection (no entity to flush).
        List<Object[]> rows = placed.stream().map(hold -> new Object[] {hold.id(), hold.hospital().value(), hold.category().name(),
                hold.transferReference(), hold.status().name(), hold.expiresAt(), hold.createdAt(), createdBy,
                idempotencyKeys.get(hold.id())}).toList();
        return Panache.getSession().flatMap(session -> SessionSql.executeForEach(session, INSERT_HOLD, rows));
    }

    private static final String INSERT_HOLD = "insert into bed_hold (hold_id, hospital_id, category, transfer_reference, status, "
            + "expires_at, created_at, created_by, idempotency_key) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

    private static Taken figures(Object[] figures) {
        return new Taken(number(figures[0]), number(figures[1]), number(figures[2]));
    }

    private static int number(Object value) {
        return ((Number) value).intValue();
    }

    /** A hold, live or archived. */
    public Uni<Optional<BedHold>> find(UUID id) {
        return findAll(List.of(id)).map(found -> Optional.ofNullable(found.get(id)));
    }

    /**
     * Holds by id, live or archived, as committed now (plain SQL on the session's connection: no
     * copy the session may hold from earlier in the transaction); the ones not found are left out.
     */
    public Uni<Map<UUID, BedHold>> findAll(Collection<UUID> ids) {
        return Panache.getSession().flatMap(session -> SessionSql.select(session, HOLDS_BY_ID, (Object) ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, BedHold> byId = new HashMap<>();
                    for (Object[] row : rows) { // live first
                        byId.putIfAbsent((UUID) row[1], toDomain((UUID) row[1], (String) row[2], (String) row[3], (String) row[4],
                                (String) row[5], instant(row[6]), instant(row[7]), instant(row[8])));
                    }
                    return byId;
                });
    }

    private static final String HOLDS_BY_ID = "select 0 as archived, " + HOLD_COLUMNS + " from bed_hold where hold_id = any($1) "
            + "union all select 1, " + HOLD_COLUMNS + " from bed_hold_archive where hold_id = any($1) order by 1";

    /**
     * The hold as committed now. Call with its category row locked: that lock, which every hold
     * write takes first, is what guards the hold row.
     */
    public Uni<Optional<BedHold>> reload(UUID id) {
        return find(id);
    }

    /** Active holds past their expiry, oldest first (not locked: the caller locks each in order). */
    public Uni<List<BedHold>> expiredCandidates(Instant now, int limit) {
        return find("status = 'ACTIVE' and expiresAt <= ?1 order by expiresAt", now).range(0, limit - 1).list()
                .map(rows -> rows.stream().map(HoldRepository::toDomain).toList());
    }

    /** Writes what a hold's move changed (status, closing time, expiry). Call with its category row locked. */
    public Uni<BedHold> updateStatus(BedHold hold) {
        List<Object[]> once = List.<Object[]>of(new Object[] {hold.status().name(), hold.closedAt().orElse(null), hold.expiresAt(),
                hold.id()});
        return Panache.getSession().flatMap(session -> SessionSql.executeForEach(session,
                "update bed_hold set status = $1, closed_at = $2, expires_at = $3 where hold_id = $4", once)).replaceWith(hold);
    }

    private static Instant instant(Object timestamp) {
        return timestamp == null ? null : ((OffsetDateTime) timestamp).toInstant();
    }

    static BedHold toDomain(HoldRow e) {
        return toDomain(e.holdId, e.hospitalId, e.category, e.transferReference, e.status, e.expiresAt, e.createdAt, e.closedAt);
    }

    private static BedHold toDomain(UUID id, String hospital, String category, String transferReference, String status,
                                    Instant expiresAt, Instant createdAt, Instant closedAt) {
        return new BedHold(id, new HospitalId(hospital), BedCategory.valueOf(category), transferReference,
                HoldStatus.valueOf(status), expiresAt, createdAt, Optional.ofNullable(closedAt));
    }
}
