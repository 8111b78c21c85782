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

    @WithSession
    public Uni<Hospital> get(HospitalId id) {
        return hospitals.find(id).map(found -> found.orElseThrow(
                () -> new NotFoundException("hospital " + id + " not found")));
    }

    @WithSession
    public Uni<List<Hospital>> list(Optional<String> department) {
        return hospitals.list(department);
    }
}
