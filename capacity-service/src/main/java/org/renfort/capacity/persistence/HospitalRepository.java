package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.renfort.kernel.Capability;
import org.renfort.kernel.GeoPoint;
import org.renfort.capacity.domain.FacilityStatus;
import org.renfort.capacity.domain.Hospital;
import org.renfort.kernel.HospitalId;
import org.renfort.capacity.domain.HospitalKind;
import org.renfort.kernel.IdempotencyKey;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Collection;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

@ApplicationScoped
public class HospitalRepository implements PanacheRepositoryBase<HospitalEntity, String> {

    public Uni<Optional<Hospital>> find(HospitalId id) {
        return findById(id.value()).map(e -> Optional.ofNullable(e).map(HospitalRepository::toDomain));
    }

    /** A registered hospital and its facility status, if it ever reported one. */
    public record WithFacility(Hospital hospital, Optional<FacilityStatus> facility) {
    }

    /** The hospitals among these ids that are registered, with their facility status, in one statement. */
    public Uni<Map<HospitalId, WithFacility>> findAllWithFacility(Collection<HospitalId> ids) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery("select h, s.facilityStatus "
                                + "from HospitalEntity h left join HospitalStatusEntity s on s.hospitalId = h.hospitalId "
                                + "where h.hospitalId in :ids", Object[].class)
                        .setParameter("ids", ids.stream().map(HospitalId::value).toList()).getResultList())
                .map(rows -> rows.stream().collect(Collectors.toMap(row -> new HospitalId(((HospitalEntity) row[0]).hospitalId),
                        row -> new WithFacility(toDomain((HospitalEntity) row[0]),
                                Optional.ofNullable((String) row[1]).map(FacilityStatus::valueOf)))));
    }

    /** Locks the hospital's row until the transaction ends: reports of one hospital apply one at a time. */
    public Uni<Optional<Hospital>> lockForUpdate(HospitalId id) {
        return findById(id.value(), LockModeType.PESSIMISTIC_WRITE).map(e -> Optional.ofNullable(e).map(HospitalRepository::toDomain));
    }

    public Uni<Optional<Hospital>> findByCreationKey(IdempotencyKey key) {
        return find("creationIdempotencyKey", key.value()).firstResult()
                .map(e -> Optional.ofNullable(e).map(HospitalRepository::toDomain));
    }

    /** By FINESS number, after {@code after} when given, at most {@code limit} (0: all). */
    public Uni<List<Hospital>> list(Optional<String> department, boolean includeRetired, Optional<HospitalId> after, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        department.ifPresent(d -> {
            where.append(" and department = :department");
            parameters.and("department", d);
        });
        if (!includeRetired) {
            where.append(" and retiredAt is null");
        }
        after.ifPresent(a -> {
            where.append(" and hospitalId > :after");
            parameters.and("after", a.value());
        });
        var query = find(where + " order by hospitalId", parameters);
        return (limit > 0 ? query.range(0, limit - 1).list() : query.list())
                .map(list -> list.stream().map(HospitalRepository::toDomain).toList());
    }

    public Uni<Hospital> insert(Hospital hospital, String createdBy, IdempotencyKey key, Instant now) {
        HospitalEntity e = new HospitalEntity();
        e.hospitalId = hospital.id().value();
        e.name = hospital.name();
        e.kind = hospital.kind().name();
        e.latitude = hospital.location().latitude();
        e.longitude = hospital.location().longitude();
        e.department = hospital.department();
        e.hasEmergencyDepartment = hospital.hasEmergencyDepartment();
        e.capabilities = hospital.capabilities().stream().sorted().map(Enum::name).collect(Collectors.joining(","));
        e.createdAt = now;
        e.createdBy = createdBy;
        e.creationIdempotencyKey = key.value();
        return persist(e).map(HospitalRepository::toDomain);
    }

    /** Replaces the registry entry; call with the row loaded in this transaction. */
    public Uni<Hospital> update(Hospital hospital) {
        return findById(hospital.id().value()).map(e -> {
            e.name = hospital.name();
            e.kind = hospital.kind().name();
            e.latitude = hospital.location().latitude();
            e.longitude = hospital.location().longitude();
            e.department = hospital.department();
            e.hasEmergencyDepartment = hospital.hasEmergencyDepartment();
            e.capabilities = hospital.capabilities().stream().sorted().map(Enum::name).collect(Collectors.joining(","));
            return toDomain(e);
        });
    }

    public Uni<Hospital> retire(HospitalId id, String reason, Instant at) {
        return findById(id.value()).map(e -> {
            e.retiredAt = at;
            e.retiredReason = reason;
            return toDomain(e);
        });
    }

    static Hospital toDomain(HospitalEntity e) {
        Set<Capability> capabilities = e.capabilities.isEmpty() ? Set.of()
                : Arrays.stream(e.capabilities.split(",")).map(Capability::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Capability.class)));
        return new Hospital(new HospitalId(e.hospitalId), e.name, HospitalKind.valueOf(e.kind),
                new GeoPoint(e.latitude, e.longitude), e.department, e.hasEmergencyDepartment, capabilities,
                e.retiredAt != null);
    }
}
