package org.renfort.capacity.application;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.BedHold;
import org.renfort.capacity.domain.FacilityStatus;
import org.renfort.capacity.domain.HoldRequest;
import org.renfort.capacity.domain.HoldStatus;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.capacity.domain.Reported;
import org.renfort.capacity.persistence.CapacityRepository;
import org.renfort.capacity.persistence.ChangeLog;
import org.renfort.capacity.persistence.HoldRepository;
import org.renfort.capacity.persistence.HospitalRepository;
import org.renfort.kernel.Caller;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.NotFoundException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.ResourceExhaustedException;
import org.renfort.kernel.Role;
import org.renfort.servicekit.audit.AuditTrail;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Beds held for incoming transfers. A hold is placed under the lock of its category's row, so
 * when N requests race for fewer free beds - on any number of instances - exactly as many
 * succeed as there were beds and the others get RESOURCE_EXHAUSTED.
 */
@ApplicationScoped
public class BedHolds {
    static final String PLACE = "PlaceHold";
    static final String RELEASE = "ReleaseHold";
    static final String CONSUME = "ConsumeHold";
    static final String EXTEND = "ExtendHold";

    private final HoldRepository holds;
    private final HospitalRepository hospitals;
    private final CapacityRepository capacity;
    private final ChangeLog changes;
    private final AuditTrail audit;
    private final Clock clock;

    BedHolds(HoldRepository holds, HospitalRepository hospitals, CapacityRepository capacity, ChangeLog changes,
             AuditTrail audit, Clock clock) {
        this.holds = holds;
        this.hospitals = hospitals;
        this.capacity = capacity;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    public record PlacedHold(BedHold hold, int effectiveAvailable) {
    }

    @WithTransaction
    public Uni<PlacedHold> place(Caller caller, HoldRequest request) {
        if (!mayHold(caller)) {
            return audit.refuse(caller, PLACE, request.hospital().value(), Optional.of(request.hospital()),
                    new PermissionDeniedException("only Renfort's services and coordinators hold beds"));
        }
        Instant now = clock.instant();
        request.checkExpiry(now);
        return holds.findByKey(caller.subject(), request.idempotencyKey().value()).flatMap(previous -> {
            if (previous.isPresent()) {
                return resent(previous.get(), request, now);
            }
            return hospitals.find(request.hospital()).flatMap(hospital -> {
                if (hospital.isEmpty()) {
                    return Uni.createFrom().failure(new NotFoundException("hospital " + request.hospital() + " not found"));
                }
                hospital.get().requireActive();
                // Everything that needs no lock comes first: the category row is locked until the
                // commit, and every hold of that hospital and category waits for it.
                UUID holdId = UUID.randomUUID();
                return capacity.facilityStatus(request.hospital()).flatMap(facility -> {
                    if (facility.isPresent() && (facility.get() == FacilityStatus.CLOSED || facility.get() == FacilityStatus.EVACUATING)) {
                        return Uni.createFrom().failure(new FailedPreconditionException(
                                "hospital " + request.hospital() + " is " + facility.get() + ": no bed can be held there"));
                    }
                    return audit.allowed(caller, PLACE, holdId.toString(), Optional.of(request.hospital()),
                                    request.category() + " for " + request.transferReference() + " until " + request.expiresAt())
                            .chain(() -> holds.lockCategory(request.hospital(), request.category()))
                            .flatMap(reported -> placeLocked(caller, request, reported, holdId, now));
                });
            });
        });
    }

    private Uni<PlacedHold> placeLocked(Caller caller, HoldRequest request, Optional<Reported<Integer>> reported,
                                        UUID holdId, Instant now) {
        if (reported.isEmpty()) {
            return Uni.createFrom().failure(new ResourceExhaustedException(
                    "hospital " + request.hospital() + " has not reported any " + request.category() + " beds"));
        }
        Reported<Integer> available = reported.get();
        return holds.held(request.hospital(), request.category(), now, Optional.of(available.reportedAt())).flatMap(held -> {
            if (available.value() - held < 1) {
                return Uni.createFrom().failure(new ResourceExhaustedException("no " + request.category() + " bed left at "
                        + request.hospital() + " (available " + available.value() + ", held " + held + ")"));
            }
            BedHold hold = new BedHold(holdId, request.hospital(), request.category(),
                    request.transferReference(), HoldStatus.ACTIVE, request.expiresAt(), now, Optional.empty());
            return holds.insert(hold, caller.subject(), request.idempotencyKey().value())
                    .call(h -> changes.append(h.hospital(), RegionChange.Kind.HOLD_PLACED, now,
                            new RegionChange.HoldsChanged(h.category(), held + 1)))
                    .map(h -> new PlacedHold(h, available.value() - held - 1));
        });
    }

    private Uni<PlacedHold> resent(BedHold previous, HoldRequest request, Instant now) {
        if (!previous.hospital().equals(request.hospital()) || previous.category() != request.category()
                || !previous.transferReference().equals(request.transferReference())) {
            return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key",
                    "was already used for another hold (" + previous.id() + ")"));
        }
        return holds.lockCategory(previous.hospital(), previous.category()).flatMap(reported -> holds
                .held(previous.hospital(), previous.category(), now, reported.map(Reported::reportedAt))
                .map(held -> new PlacedHold(previous, Math.max(0, reported.map(Reported::value).orElse(0) - held))));
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
                        return holds.updateStatus(closed)
                                .call(h -> holds.held(h.hospital(), h.category(), now, reported.map(Reported::reportedAt))
                                        .call(held -> changes.append(h.hospital(), kind, now,
                                                new RegionChange.HoldsChanged(h.category(), held))))
                                .call(h -> audit.allowed(caller, action, h.id().toString(), Optional.of(h.hospital()),
                                        h.category() + " for " + h.transferReference()));
                    }));
        });
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
        return holds.find(holdId).flatMap(found -> {
            BedHold hold = found.orElseThrow(() -> new NotFoundException("hold " + holdId + " not found"));
            return holds.lockCategory(hold.hospital(), hold.category())
                    .flatMap(reported -> holds.reload(holdId).flatMap(locked -> {
                        BedHold current = locked.orElseThrow();
                        if (current.expiresAt().equals(expiresAt) && current.status() == HoldStatus.ACTIVE) {
                            return Uni.createFrom().item(current);
                        }
                        return holds.updateStatus(current.extendedTo(expiresAt, now))
                                .call(h -> audit.allowed(caller, EXTEND, h.id().toString(), Optional.of(h.hospital()),
                                        "until " + h.expiresAt()));
                    }));
        });
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
            for (BedHold candidate : due) {
                expired = expired.chain(count -> holds.lockCategory(candidate.hospital(), candidate.category())
                        .chain(reported -> holds.reload(candidate.id()).chain(locked -> {
                            if (locked.isEmpty() || locked.get().status() != HoldStatus.ACTIVE) {
                                return Uni.createFrom().item(count);
                            }
                            return holds.updateStatus(locked.get().expired())
                                    .chain(h -> holds.held(h.hospital(), h.category(), now, reported.map(Reported::reportedAt)))
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
