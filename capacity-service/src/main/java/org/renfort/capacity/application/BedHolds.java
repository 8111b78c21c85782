package org.renfort.capacity.application;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.BedHold;
import org.renfort.capacity.domain.FacilityStatus;
import org.renfort.capacity.domain.HoldRequest;
import org.renfort.capacity.domain.HoldStatus;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.capacity.persistence.ChangeLog;
import org.renfort.capacity.persistence.HoldRepository;
import org.renfort.capacity.persistence.HoldRepository.Taken;
import org.renfort.capacity.persistence.HospitalRepository;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Caller;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.NotFoundException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.ResourceExhaustedException;
import org.renfort.kernel.Role;
import org.renfort.servicekit.audit.AuditTrail;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Beds held for incoming transfers. A hold takes its bed with one conditional update of its
 * category's held counter (available - held must stay >= 0), so when N requests race for fewer
 * free beds - on any number of instances - exactly as many succeed as there were beds and the
 * others get RESOURCE_EXHAUSTED.
 */
@ApplicationScoped
public class BedHolds {
    static final String PLACE = "PlaceHold";
    static final String RELEASE = "ReleaseHold";
    static final String CONSUME = "ConsumeHold";
    static final String EXTEND = "ExtendHold";

    private final HoldRepository holds;
    private final HospitalRepository hospitals;
    private final ChangeLog changes;
    private final AuditTrail audit;
    private final Clock clock;

    BedHolds(HoldRepository holds, HospitalRepository hospitals, ChangeLog changes, AuditTrail audit, Clock clock) {
        this.holds = holds;
        this.hospitals = hospitals;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    public record PlacedHold(BedHold hold, int effectiveAvailable) {
    }

    /** What became of one hold of a {@link #placeAll} call: placed, or refused with the reason PlaceHold would give. */
    public record HoldOutcome(Optional<PlacedHold> placed, Optional<RuntimeException> refused) {
        static HoldOutcome placed(PlacedHold placed) {
            return new HoldOutcome(Optional.of(placed), Optional.empty());
        }

        static HoldOutcome refused(RuntimeException reason) {
            return new HoldOutcome(Optional.empty(), Optional.of(reason));
        }
    }

    /** One hold; a refusal fails the call (and writes nothing). */
    @WithTransaction
    public Uni<PlacedHold> place(Caller caller, HoldRequest request) {
        if (!mayHold(caller)) {
            return audit.refuse(caller, PLACE, request.hospital().value(), Optional.of(request.hospital()),
                    new PermissionDeniedException("only Renfort's services and coordinators hold beds"));
        }
        request.checkExpiry(clock.instant());
        return placeEach(caller, List.of(request)).map(outcomes -> outcomes.get(0).placed()
                .orElseThrow(() -> outcomes.get(0).refused().orElseThrow()));
    }

    /**
     * Several holds in one transaction, each placed or refused on its own. A malformed item, a
     * key used twice, or a key already used for another hold refuses the whole call.
     */
    @WithTransaction
    public Uni<List<HoldOutcome>> placeAll(Caller caller, List<HoldRequest> requests) {
        if (!mayHold(caller)) {
            HospitalId first = requests.get(0).hospital();
            return audit.refuse(caller, PLACE, first.value(), Optional.of(first),
                    new PermissionDeniedException("only Renfort's services and coordinators hold beds"));
        }
        Instant now = clock.instant();
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            HoldRequest request = requests.get(i);
            try {
                request.checkExpiry(now);
            } catch (InvalidArgumentException invalid) {
                throw invalid.under("holds[" + i + "]");
            }
            Integer twice = keys.putIfAbsent(request.idempotencyKey().value(), i);
            if (twice != null) {
                throw new InvalidArgumentException("holds[" + i + "].idempotency_key", "repeats holds[" + twice + "]'s");
            }
        }
        return placeEach(caller, requests);
    }

    /**
     * Resends are answered as first placed; the others are checked against the registry, then
     * taken per category - one conditional UPDATE each, in (hospital, category) order, the order
     * every writer locks category rows in - and announced once per category.
     */
    private Uni<List<HoldOutcome>> placeEach(Caller caller, List<HoldRequest> requests) {
        Instant now = clock.instant();
        List<String> keys = requests.stream().map(r -> r.idempotencyKey().value()).toList();
        return holds.findByKeys(caller.subject(), keys).flatMap(resent -> {
            HoldOutcome[] outcomes = new HoldOutcome[requests.size()];
            Uni<Void> done = Uni.createFrom().voidItem();
            for (int i = 0; i < requests.size(); i++) {
                BedHold before = resent.get(keys.get(i));
                if (before != null) {
                    int index = i;
                    requireSameHold(before, requests.get(i), requests.size() == 1 ? "idempotency_key" : "holds[" + i + "].idempotency_key");
                    done = done.chain(() -> holds.figures(before.hospital(), before.category()).invoke(figures ->
                            outcomes[index] = HoldOutcome.placed(new PlacedHold(before,
                                    figures.map(f -> Math.max(0, f.available() - f.heldAfter())).orElse(0)))).replaceWithVoid());
                }
            }
            List<Integer> fresh = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                if (!resent.containsKey(keys.get(i))) {
                    fresh.add(i);
                }
            }
            return done.chain(() -> admitted(fresh, requests, outcomes))
                    .chain(admitted -> takeByCategory(caller, admitted, requests, outcomes, now))
                    .map(v -> List.of(outcomes));
        });
    }

    /** The requests whose hospital exists, is not retired and is not closed or evacuating; the others are refused. */
    private Uni<List<Integer>> admitted(List<Integer> fresh, List<HoldRequest> requests, HoldOutcome[] outcomes) {
        if (fresh.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<HospitalId> ids = new HashSet<>();
        fresh.forEach(i -> ids.add(requests.get(i).hospital()));
        return hospitals.findAllWithFacility(ids).map(found -> {
            List<Integer> admitted = new ArrayList<>();
            for (int i : fresh) {
                HospitalId id = requests.get(i).hospital();
                HospitalRepository.WithFacility registered = found.get(id);
                if (registered == null) {
                    outcomes[i] = HoldOutcome.refused(new NotFoundException("hospital " + id + " not found"));
                } else if (registered.hospital().retired()) {
                    outcomes[i] = HoldOutcome.refused(new FailedPreconditionException("hospital " + id + " is retired"));
                } else if (registered.facility().filter(f -> f == FacilityStatus.CLOSED || f == FacilityStatus.EVACUATING).isPresent()) {
                    outcomes[i] = HoldOutcome.refused(new FailedPreconditionException(
                            "hospital " + id + " is " + registered.facility().get() + ": no bed can be held there"));
                } else {
                    admitted.add(i);
                }
            }
            return admitted;
        });
    }

    private record CategoryKey(HospitalId hospital, BedCategory category) {
    }

    private Uni<Void> takeByCategory(Caller caller, List<Integer> admitted, List<HoldRequest> requests,
                                     HoldOutcome[] outcomes, Instant now) {
        Map<CategoryKey, List<Integer>> byCategory = new TreeMap<>(Comparator
                .comparing((CategoryKey k) -> k.hospital().value()).thenComparing(k -> k.category().name()));
        admitted.forEach(i -> byCategory.computeIfAbsent(new CategoryKey(requests.get(i).hospital(), requests.get(i).category()),
                k -> new ArrayList<>()).add(i));
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Map.Entry<CategoryKey, List<Integer>> group : byCategory.entrySet()) {
            done = done.chain(() -> takeCategory(caller, group.getKey(), group.getValue(), requests, outcomes, now));
        }
        return done;
    }

    /**
     * Takes the group's beds; when some are missing, holds that expired but are not yet marked are
     * swept and it tries once more. The holds' rows are written before the category's row is
     * locked and those left without a bed removed again, so that the lock is held from the take
     * (which announces the change in the same statement) through the audit entries and the commit
     * only - not through every write of the placement.
     */
    private Uni<Void> takeCategory(Caller caller, CategoryKey key, List<Integer> wanted, List<HoldRequest> requests,
                                   HoldOutcome[] outcomes, Instant now) {
        List<BedHold> candidates = new ArrayList<>();
        Map<UUID, String> idempotencyKeys = new HashMap<>();
        for (int i : wanted) {
            HoldRequest request = requests.get(i);
            BedHold hold = new BedHold(UUID.randomUUID(), key.hospital(), key.category(),
                    request.transferReference(), HoldStatus.ACTIVE, request.expiresAt(), now, Optional.empty());
            candidates.add(hold);
            idempotencyKeys.put(hold.id(), request.idempotencyKey().value());
        }
        return holds.insertAll(candidates, caller.subject(), idempotencyKeys)
                .chain(() -> holds.takeAndAnnounce(key.hospital(), key.category(), wanted.size(), now))
                .chain(taken -> granted(taken) == wanted.size()
                        ? Uni.createFrom().item(List.of(taken))
                        : expireDueIn(key, now).chain(swept -> swept == 0 ? Uni.createFrom().item(List.of(taken))
                                : holds.takeAndAnnounce(key.hospital(), key.category(), wanted.size() - granted(taken), now)
                                .map(retaken -> List.of(taken, retaken))))
                .chain(takes -> {
                    List<PlacedHold> placed = new ArrayList<>();
                    int next = 0;
                    for (Optional<Taken> taken : takes) {
                        if (taken.isEmpty()) {
                            continue;
                        }
                        for (int k = 1; k <= taken.get().granted(); k++) {
                            placed.add(new PlacedHold(candidates.get(next), taken.get().available() - taken.get().heldBefore() - k));
                            outcomes[wanted.get(next++)] = HoldOutcome.placed(placed.get(placed.size() - 1));
                        }
                    }
                    Uni<Void> refusals = Uni.createFrom().voidItem();
                    if (next < wanted.size()) {
                        List<Integer> refused = wanted.subList(next, wanted.size());
                        List<UUID> notHeld = candidates.subList(next, candidates.size()).stream().map(BedHold::id).toList();
                        refusals = holds.deleteUngranted(notHeld)
                                .chain(() -> holds.figures(key.hospital(), key.category()))
                                .invoke(figures -> refused.forEach(i -> outcomes[i] = HoldOutcome.refused(noBedLeft(key, figures))))
                                .replaceWithVoid();
                    }
                    return placed.isEmpty() ? refusals : refusals.chain(() -> audited(caller, key, placed));
                });
    }

    private static int granted(Optional<Taken> taken) {
        return taken.map(Taken::granted).orElse(0);
    }

    private Uni<Void> audited(Caller caller, CategoryKey key, List<PlacedHold> placed) {
        return audit.allowedAll(placed.stream().map(p -> new AuditTrail.Allowed(caller, PLACE, p.hold().id().toString(),
                Optional.of(key.hospital()), key.category() + " for " + p.hold().transferReference() + " until " + p.hold().expiresAt()))
                .toList());
    }

    private static ResourceExhaustedException noBedLeft(CategoryKey key, Optional<Taken> figures) {
        return new ResourceExhaustedException(figures.map(f -> "no " + key.category() + " bed left at " + key.hospital()
                        + " (available " + f.available() + ", held " + f.heldAfter() + ")")
                .orElse("hospital " + key.hospital() + " has not reported any " + key.category() + " beds"));
    }

    /** Marks the category's holds that are past their expiry (the sweep would soon), giving their beds back. */
    private Uni<Integer> expireDueIn(CategoryKey key, Instant now) {
        return holds.lockCategory(key.hospital(), key.category()).chain(reported -> reported.isEmpty()
                ? Uni.createFrom().item(0)
                : holds.expiredIn(key.hospital(), key.category(), now).chain(due -> {
                    if (due.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Uni<Void> marked = Uni.createFrom().voidItem();
                    for (BedHold hold : due) {
                        marked = marked.chain(() -> holds.updateStatus(hold.expired()).replaceWithVoid());
                    }
                    return marked.chain(() -> holds.giveBack(key.hospital(), key.category(), due.size()))
                            .chain(held -> changes.append(key.hospital(), RegionChange.Kind.HOLD_EXPIRED, now,
                                    new RegionChange.HoldsChanged(key.category(), held)))
                            .replaceWith(due.size());
                }));
    }

    private static void requireSameHold(BedHold previous, HoldRequest request, String field) {
        if (!previous.hospital().equals(request.hospital()) || previous.category() != request.category()
                || !previous.transferReference().equals(request.transferReference())) {
            throw new InvalidArgumentException(field, "was already used for another hold (" + previous.id() + ")");
        }
    }

    @WithTransaction
    public Uni<BedHold> release(Caller caller, UUID holdId) {
        return close(caller, holdId, RELEASE, RegionChange.Kind.HOLD_RELEASED, true);
    }

    @WithTransaction
    public Uni<BedHold> consume(Caller caller, UUID holdId) {
        return close(caller, holdId, CONSUME, RegionChange.Kind.HOLD_CONSUMED, false);
    }

    private Uni<BedHold> close(Caller caller, UUID holdId, String action, RegionChange.Kind kind, boolean release) {
        if (!mayHold(caller)) {
            return audit.refuse(caller, action, holdId.toString(), Optional.empty(),
                    new PermissionDeniedException("only Renfort's services and coordinators release or consume holds"));
        }
        Instant now = clock.instant();
        return holds.find(holdId).flatMap(found -> {
            BedHold hold = found.orElseThrow(() -> new NotFoundException("hold " + holdId + " not found"));
            return holds.lockCategory(hold.hospital(), hold.category())
                    .flatMap(reported -> holds.reload(holdId).flatMap(locked -> {
                        BedHold current = locked.orElseThrow();
                        if (release ? current.isReleased() : current.status() == HoldStatus.CONSUMED) {
                            return Uni.createFrom().item(current);
                        }
                        BedHold closed = release ? current.released(now) : current.consumed(now);
                        // Released, the bed comes back; consumed, it stays taken until the next report.
                        Uni<Integer> held = release ? holds.giveBack(closed.hospital(), closed.category(), 1)
                                : holds.figures(closed.hospital(), closed.category()).map(f -> f.map(Taken::heldAfter).orElse(0));
                        return holds.updateStatus(closed)
                                .call(h -> held.call(heldNow -> changes.append(h.hospital(), kind, now,
                                        new RegionChange.HoldsChanged(h.category(), heldNow))))
                                .call(h -> audit.allowed(caller, action, h.id().toString(), Optional.of(h.hospital()),
                                        h.category() + " for " + h.transferReference()));
                    }));
        });
    }

    /** One extension of an {@link #extendAll} call. */
    public record Extension(UUID holdId, Instant expiresAt) {
    }

    /** What became of one extension of an {@link #extendAll} call: the hold as extended, or why not (as ExtendHold would say). */
    public record ExtensionOutcome(Optional<BedHold> extended, Optional<RuntimeException> refused) {
    }

    /** Only the expiry moves: the held count does not change, so the region hears nothing. */
    @WithTransaction
    public Uni<BedHold> extend(Caller caller, UUID holdId, Instant expiresAt) {
        if (!mayHold(caller)) {
            return audit.refuse(caller, EXTEND, holdId.toString(), Optional.empty(),
                    new PermissionDeniedException("only Renfort's services and coordinators extend holds"));
        }
        Instant now = clock.instant();
        HoldRequest.checkExpiry(expiresAt, now);
        return holds.find(holdId).flatMap(found -> extendFound(caller,
                found.orElseThrow(() -> new NotFoundException("hold " + holdId + " not found")), expiresAt, now));
    }

    /**
     * Several extensions in one transaction, each done or refused on its own (unknown hold, hold
     * no longer active). A malformed expiry or a hold named twice refuses the whole call.
     */
    @WithTransaction
    public Uni<List<ExtensionOutcome>> extendAll(Caller caller, List<Extension> extensions) {
        if (!mayHold(caller)) {
            return audit.refuse(caller, EXTEND, extensions.get(0).holdId().toString(), Optional.empty(),
                    new PermissionDeniedException("only Renfort's services and coordinators extend holds"));
        }
        Instant now = clock.instant();
        Map<UUID, Integer> seen = new HashMap<>();
        for (int i = 0; i < extensions.size(); i++) {
            try {
                HoldRequest.checkExpiry(extensions.get(i).expiresAt(), now);
            } catch (InvalidArgumentException invalid) {
                throw invalid.under("holds[" + i + "]");
            }
            Integer twice = seen.putIfAbsent(extensions.get(i).holdId(), i);
            if (twice != null) {
                throw new InvalidArgumentException("holds[" + i + "].hold_id", "repeats holds[" + twice + "]'s");
            }
        }
        ExtensionOutcome[] outcomes = new ExtensionOutcome[extensions.size()];
        return holds.findAll(seen.keySet()).chain(found -> {
            // Category rows are locked in (hospital, category) order, the order every writer takes them in.
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < extensions.size(); i++) {
                BedHold hold = found.get(extensions.get(i).holdId());
                if (hold == null) {
                    outcomes[i] = new ExtensionOutcome(Optional.empty(),
                            Optional.of(new NotFoundException("hold " + extensions.get(i).holdId() + " not found")));
                } else {
                    order.add(i);
                }
            }
            order.sort(Comparator.comparing((Integer i) -> found.get(extensions.get(i).holdId()).hospital().value())
                    .thenComparing(i -> found.get(extensions.get(i).holdId()).category().name()));
            Uni<Void> done = Uni.createFrom().voidItem();
            for (int i : order) {
                Extension e = extensions.get(i);
                done = done.chain(() -> extendFound(caller, found.get(e.holdId()), e.expiresAt(), now)
                        .map(h -> new ExtensionOutcome(Optional.of(h), Optional.empty()))
                        .onFailure(FailedPreconditionException.class)
                        .recoverWithItem(f -> new ExtensionOutcome(Optional.empty(), Optional.of((RuntimeException) f)))
                        .invoke(outcome -> outcomes[i] = outcome).replaceWithVoid());
            }
            return done.map(v -> List.of(outcomes));
        });
    }

    private Uni<BedHold> extendFound(Caller caller, BedHold hold, Instant expiresAt, Instant now) {
        return holds.lockCategory(hold.hospital(), hold.category())
                .flatMap(reported -> holds.reload(hold.id()).flatMap(locked -> {
                    BedHold current = locked.orElseThrow();
                    if (current.expiresAt().equals(expiresAt) && current.status() == HoldStatus.ACTIVE) {
                        return Uni.createFrom().item(current);
                    }
                    return holds.updateStatus(current.extendedTo(expiresAt, now))
                            .call(h -> audit.allowed(caller, EXTEND, h.id().toString(), Optional.of(h.hospital()),
                                    "until " + h.expiresAt()));
                }));
    }

    /**
     * Marks expired holds (they already stopped counting at their expiry) and tells the region.
     * Locks are taken in the same order as every other hold write - category row, then hold -
     * and a hold another instance has just expired is skipped, so nothing is processed twice.
     */
    @WithTransaction
    public Uni<Integer> expireDue(int limit) {
        Instant now = clock.instant();
        return holds.expiredCandidates(now, limit).flatMap(due -> {
            Uni<Integer> expired = Uni.createFrom().item(0);
            // Category rows are locked in (hospital, category) order, as PlaceHolds does.
            for (BedHold candidate : due.stream().sorted(Comparator.comparing((BedHold h) -> h.hospital().value())
                    .thenComparing(h -> h.category().name())).toList()) {
                expired = expired.chain(count -> holds.lockCategory(candidate.hospital(), candidate.category())
                        .chain(reported -> holds.reload(candidate.id()).chain(locked -> {
                            if (locked.isEmpty() || locked.get().status() != HoldStatus.ACTIVE) {
                                return Uni.createFrom().item(count);
                            }
                            return holds.updateStatus(locked.get().expired())
                                    .chain(h -> holds.giveBack(h.hospital(), h.category(), 1))
                                    .chain(held -> changes.append(candidate.hospital(), RegionChange.Kind.HOLD_EXPIRED, now,
                                            new RegionChange.HoldsChanged(candidate.category(), held)))
                                    .replaceWith(count + 1);
                        })));
            }
            return expired;
        });
    }

    private static boolean mayHold(Caller caller) {
        return caller.has(Role.SERVICE) || caller.has(Role.COORDINATOR);
    }
}
