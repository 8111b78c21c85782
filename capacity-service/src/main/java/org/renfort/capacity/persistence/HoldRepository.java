package org.renfort.capacity.persistence;

import org.renfort.capacity.domain.ReportSource;

import org.renfort.capacity.domain.Reported;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.BedHold;
import org.renfort.capacity.domain.HoldStatus;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Bed holds. Every write to the holds of a (hospital, category) first locks that category's
 * current-capacity row, as reports do: holds and reports of one category apply one at a time,
 * which is what makes "never over-commit" hold across instances, and what guards each hold row.
 */
@ApplicationScoped
public class HoldRepository implements PanacheRepositoryBase<BedHoldEntity, UUID> {

    /** The reported figures of a category, locked until the transaction ends; empty if never reported. */
    /** Locks a hospital's category row; its available beds as last reported, if ever. */
    public Uni<Optional<Reported<Integer>>> lockCategory(HospitalId hospital, BedCategory category) {
        // A native FOR UPDATE (then a refresh, in case the session already held a stale copy):
        // it works whether or not the row was loaded earlier in this transaction.
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                                "select * from bed_capacity where hospital_id = :hospital and category = :category for update",
                                BedCapacityEntity.class)
                        .setParameter("hospital", hospital.value()).setParameter("category", category.name())
                        .getResultList()
                        .flatMap(rows -> rows.isEmpty() ? Uni.createFrom().item(Optional.<Reported<Integer>>empty())
                                : session.refresh(rows.get(0)).replaceWith(() -> Optional.of(new Reported<>(rows.get(0).available,
                                rows.get(0).reportedAt, ReportSource.valueOf(rows.get(0).source))))));
    }

    public Uni<Optional<BedHold>> find(UUID id) {
        return findById(id).map(e -> Optional.ofNullable(e).map(HoldRepository::toDomain));
    }

    /**
     * The hold as committed now. Call with its category row locked: that lock, which every hold
     * write takes first, is what guards the hold row.
     */
    public Uni<Optional<BedHold>> reload(UUID id) {
        return findById(id).call(e -> e == null ? Uni.createFrom().voidItem()
                        : Panache.getSession().flatMap(session -> session.refresh(e)))
                .map(e -> Optional.ofNullable(e).map(HoldRepository::toDomain));
    }

    public Uni<Optional<BedHold>> findByKey(String createdBy, String key) {
        return find("createdBy = ?1 and idempotencyKey = ?2", createdBy, key).firstResult()
                .map(e -> Optional.ofNullable(e).map(HoldRepository::toDomain));
    }

    /** Beds held in one category now: active holds not yet expired, consumed ones not yet reported. */
    public Uni<Integer> held(HospitalId hospital, BedCategory category, Instant now, Optional<Instant> reportedAt) {
        return counting(hospital, now, reportedAt.orElse(Instant.EPOCH)).map(holds -> (int) holds.stream()
                .filter(h -> h.category() == category && h.counts(now, reportedAt)).count());
    }

    /** Beds held per category, each category counted against its own last report. */
    public Uni<Map<BedCategory, Integer>> heldByCategory(HospitalId hospital, Instant now, Map<BedCategory, Instant> reportedAt) {
        Instant oldest = reportedAt.values().stream().min(Instant::compareTo).orElse(Instant.EPOCH);
        return counting(hospital, now, oldest).map(holds -> {
            Map<BedCategory, Integer> held = new EnumMap<>(BedCategory.class);
            for (BedHold h : holds) {
                if (h.counts(now, Optional.ofNullable(reportedAt.get(h.category())))) {
                    held.merge(h.category(), 1, Integer::sum);
                }
            }
            return held;
        });
    }

    private Uni<List<BedHold>> counting(HospitalId hospital, Instant now, Instant consumedAfter) {
        return find("hospitalId = ?1 and ((status = 'ACTIVE' and expiresAt > ?2) or (status = 'CONSUMED' and closedAt > ?3))",
                hospital.value(), now, consumedAfter).list()
                .map(rows -> rows.stream().map(HoldRepository::toDomain).toList());
    }

    /** Active holds past their expiry, oldest first (not locked: the caller locks each in order). */
    public Uni<List<BedHold>> expiredCandidates(Instant now, int limit) {
        return find("status = 'ACTIVE' and expiresAt <= ?1 order by expiresAt", now).range(0, limit - 1).list()
                .map(rows -> rows.stream().map(HoldRepository::toDomain).toList());
    }

    public Uni<BedHold> insert(BedHold hold, String createdBy, String idempotencyKey) {
        BedHoldEntity e = new BedHoldEntity();
        e.holdId = hold.id();
        e.hospitalId = hold.hospital().value();
        e.category = hold.category().name();
        e.transferReference = hold.transferReference();
        e.status = hold.status().name();
        e.expiresAt = hold.expiresAt();
        e.createdAt = hold.createdAt();
        e.createdBy = createdBy;
        e.idempotencyKey = idempotencyKey;
        return persist(e).map(saved -> hold);
    }

    public Uni<BedHold> updateStatus(BedHold hold) {
        return findById(hold.id()).flatMap(e -> {
            e.status = hold.status().name();
            e.closedAt = hold.closedAt().orElse(null);
            e.expiresAt = hold.expiresAt();
            return Uni.createFrom().item(hold);
        });
    }

    static BedHold toDomain(BedHoldEntity e) {
        return new BedHold(e.holdId, new HospitalId(e.hospitalId), BedCategory.valueOf(e.category), e.transferReference,
                HoldStatus.valueOf(e.status), e.expiresAt, e.createdAt, Optional.ofNullable(e.closedAt));
    }
}
