package org.renfort.capacity.application;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.AlreadyExistsException;
import org.renfort.kernel.Caller;
import org.renfort.capacity.domain.Hospital;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.NotFoundException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.Role;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.capacity.persistence.ChangeLog;
import org.renfort.capacity.persistence.HospitalRepository;
import org.renfort.servicekit.audit.AuditTrail;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The regional registry of partner hospitals. */
@ApplicationScoped
public class HospitalRegistry {

    static final String CREATE = "CreateHospital";
    static final String UPDATE = "UpdateHospital";
    static final String RETIRE = "RetireHospital";

    private final HospitalRepository hospitals;
    private final ChangeLog changes;
    private final AuditTrail audit;
    private final Clock clock;

    HospitalRegistry(HospitalRepository hospitals, ChangeLog changes, AuditTrail audit, Clock clock) {
        this.hospitals = hospitals;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    /** Registers a hospital; a resend with the same key returns it unchanged. */
    @WithTransaction
    public Uni<Hospital> create(Caller caller, Hospital hospital, IdempotencyKey key) {
        if (!caller.has(Role.COORDINATOR)) {
            PermissionDeniedException denied = new PermissionDeniedException("only coordinators register hospitals");
            return audit.refuse(caller, CREATE, hospital.id().value(), Optional.of(hospital.id()), denied);
        }
        return hospitals.findByCreationKey(key).flatMap(previous -> {
            if (previous.isPresent()) {
                if (!previous.get().equals(hospital)) {
                    return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key",
                            "was already used to register a different hospital (" + previous.get().id() + ")"));
                }
                return Uni.createFrom().item(previous.get());
            }
            return hospitals.find(hospital.id()).flatMap(existing -> existing.isPresent()
                    ? Uni.createFrom().failure(new AlreadyExistsException("hospital " + hospital.id() + " already exists"))
                    : hospitals.insert(hospital, caller.subject(), key, clock.instant())
                    .call(created -> audit.allowed(caller, CREATE, created.id().value(), Optional.of(created.id()),
                            "registered " + created.name()))
                    .call(created -> changes.append(created.id(), RegionChange.Kind.HOSPITAL_REGISTERED, clock.instant(),
                            new RegionChange.Registered(created))));
        });
    }

    /** Replaces the registry entry; resending the same entry changes nothing more. */
    @WithTransaction
    public Uni<Hospital> update(Caller caller, Hospital hospital, IdempotencyKey key) {
        if (!caller.has(Role.COORDINATOR)) {
            return audit.refuse(caller, UPDATE, hospital.id().value(), Optional.of(hospital.id()),
                    new PermissionDeniedException("only coordinators change the registry"));
        }
        return hospitals.lockForUpdate(hospital.id()).flatMap(found -> {
            Hospital current = found.orElseThrow(() -> new NotFoundException("hospital " + hospital.id() + " not found"));
            current.requireActive();
            Hospital next = hospital.withRetired(false);
            if (next.equals(current)) {
                return Uni.createFrom().item(current);
            }
            return hospitals.update(next)
                    .call(updated -> audit.allowed(caller, UPDATE, updated.id().value(), Optional.of(updated.id()),
                            "updated " + updated.name() + " (key " + key.value() + ")"))
                    .call(updated -> changes.append(updated.id(), RegionChange.Kind.HOSPITAL_UPDATED, clock.instant(),
                            new RegionChange.Registered(updated)));
        });
    }

    /** Retires a hospital; retiring a retired hospital changes nothing. Its history is kept. */
    @WithTransaction
    public Uni<Hospital> retire(Caller caller, HospitalId id, String reason, IdempotencyKey key) {
        if (!caller.has(Role.COORDINATOR)) {
            return audit.refuse(caller, RETIRE, id.value(), Optional.of(id),
                    new PermissionDeniedException("only coordinators change the registry"));
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            return Uni.createFrom().failure(new InvalidArgumentException("reason", "is required, at most 500 characters"));
        }
        return hospitals.lockForUpdate(id).flatMap(found -> {
            Hospital current = found.orElseThrow(() -> new NotFoundException("hospital " + id + " not found"));
            if (current.retired()) {
                return Uni.createFrom().item(current);
            }
            return hospitals.retire(id, why, clock.instant())
                    .call(retired -> audit.allowed(caller, RETIRE, id.value(), Optional.of(id),
                            "retired: " + why + " (key " + key.value() + ")"))
                    .call(retired -> changes.append(id, RegionChange.Kind.HOSPITAL_RETIRED, clock.instant(),
                            new RegionChange.Registered(retired)));
        });
    }

    @WithSession
    public Uni<Hospital> get(HospitalId id) {
        return hospitals.find(id).map(found -> found.orElseThrow(
                () -> new NotFoundException("hospital " + id + " not found")));
    }

    /** A page of the registry by FINESS number, after {@code after} when given; {@code limit} 0: every hospital. */
    @WithSession
    public Uni<List<Hospital>> list(Optional<String> department, boolean includeRetired, Optional<HospitalId> after, int limit) {
        return hospitals.list(department, includeRetired, after, limit);
    }
}
