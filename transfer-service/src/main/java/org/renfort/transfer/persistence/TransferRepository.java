package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.transfer.domain.Acuity;
import org.renfort.kernel.AgeBand;
import org.renfort.transfer.domain.ClinicalNote;
import org.renfort.transfer.domain.Origin;
import org.renfort.transfer.domain.PatientReference;
import org.renfort.transfer.domain.Transfer;
import org.renfort.transfer.domain.TransferRequirements;
import org.renfort.transfer.domain.TransferStatus;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class TransferRepository implements PanacheRepositoryBase<TransferEntity, UUID> {

    /** A transfer with the fingerprint of the request that created it. */
    public record Stored(Transfer transfer, String fingerprint) {
    }

    public Uni<Optional<Transfer>> find(UUID id) {
        return findById(id).map(e -> Optional.ofNullable(e).map(TransferRepository::toDomain));
    }

    public Uni<Optional<Stored>> findByIdempotencyKey(String createdBy, String key) {
        return find("createdBy = ?1 and idempotencyKey = ?2", createdBy, key).firstResult()
                .map(e -> Optional.ofNullable(e).map(t -> new Stored(toDomain(t), t.fingerprint)));
    }

    public Uni<Boolean> hasLiveTransfer(Origin origin, PatientReference patient) {
        String originKey = origin instanceof Origin.AtHospital at ? at.hospitalId().value() : null;
        var query = originKey == null
                ? count("originHospitalId is null and patientReference = ?1 and status not in ?2",
                patient.value(), List.of(TransferStatus.COMPLETED.name(), TransferStatus.CANCELLED.name()))
                : count("originHospitalId = ?1 and patientReference = ?2 and status not in ?3",
                originKey, patient.value(), List.of(TransferStatus.COMPLETED.name(), TransferStatus.CANCELLED.name()));
        return query.map(n -> n > 0);
    }

    /** Stores a new transfer and the first event of its history. Call inside a transaction. */
    public Uni<Transfer> insert(Transfer t, String idempotencyKey, String fingerprint, String reason) {
        TransferEntity e = new TransferEntity();
        e.transferId = t.id();
        if (t.origin() instanceof Origin.AtHospital at) {
            e.originHospitalId = at.hospitalId().value();
        } else if (t.origin() instanceof Origin.InTheField field) {
            e.originLatitude = field.position().latitude();
            e.originLongitude = field.position().longitude();
        }
        TransferRequirements r = t.requirements();
        e.patientReference = r.patient().value();
        e.ageBand = r.ageBand().name();
        e.bedCategory = r.bedCategory().name();
        e.requiredCapabilities = r.requiredCapabilities().stream().sorted().map(Enum::name).collect(Collectors.joining(","));
        e.acuity = r.acuity().name();
        e.maxTravelMinutes = r.maxTravelMinutes();
        e.preferredHospitalIds = r.preferredHospitals().stream().map(HospitalId::value).collect(Collectors.joining(","));
        e.excludedHospitalIds = r.excludedHospitals().stream().map(HospitalId::value).collect(Collectors.joining(","));
        e.clinicalNote = t.note().text();
        e.status = t.status().name();
        e.destinationHospitalId = t.destination().map(HospitalId::value).orElse(null);
        e.createdAt = t.createdAt();
        e.createdBy = t.createdBy();
        e.idempotencyKey = idempotencyKey;
        e.fingerprint = fingerprint;
        TransferEventEntity event = new TransferEventEntity();
        event.transferId = t.id();
        event.status = t.status().name();
        event.actor = t.createdBy();
        event.occurredAt = t.createdAt();
        event.reason = reason;
        return persist(e).flatMap(saved -> event.persist()).map(v -> t);
    }

    static Transfer toDomain(TransferEntity e) {
        Origin origin = e.originHospitalId != null
                ? new Origin.AtHospital(new HospitalId(e.originHospitalId))
                : new Origin.InTheField(new GeoPoint(e.originLatitude, e.originLongitude));
        Set<Capability> capabilities = split(e.requiredCapabilities).stream().map(Capability::valueOf).collect(Collectors.toSet());
        TransferRequirements requirements = new TransferRequirements(new PatientReference(e.patientReference),
                AgeBand.valueOf(e.ageBand), BedCategory.valueOf(e.bedCategory), capabilities, Acuity.valueOf(e.acuity),
                e.maxTravelMinutes, split(e.preferredHospitalIds).stream().map(HospitalId::new).toList(),
                split(e.excludedHospitalIds).stream().map(HospitalId::new).toList());
        return new Transfer(e.transferId, origin, requirements, new ClinicalNote(e.clinicalNote),
                TransferStatus.valueOf(e.status), Optional.ofNullable(e.destinationHospitalId).map(HospitalId::new),
                e.createdAt, e.createdBy);
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
