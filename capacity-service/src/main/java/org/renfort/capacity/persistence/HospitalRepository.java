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
import org.renfort.servicekit.SessionSql;
import org.renfort.capacity.domain.HospitalKind;
import org.renfort.kernel.IdempotencyKey;

import java.time.Instant;
import java.time.OffsetDateTime;
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
        // On the session's connection (SessionSql): as HQL, binding the list of ids cost Hibernate an exception per call.
        return Panache.getSession().flatMap(session -> SessionSql.select(session, WITH_FACILITY,
                        (Object) ids.stream().map(HospitalId::value).distinct().toArray(String[]::new)))
                .map(rows -> rows.stream().collect(Collectors.toMap(row -> new HospitalId((String) row[0]),
                        row -> new WithFacility(toDomain(hospital(row)), Optional.ofNullable((String) row[9]).map(FacilityStatus::valueOf)))));
    }

    private static final String WITH_FACILITY = "select h.hospital_id, h.name, h.kind, h.latitude, h.longitude, h.department, "
            + "h.has_emergency_department, h.capabilities, h.retired_at, s.facility_status from hospital h "
            + "left join hospital_status s on s.hospital_id = h.hospital_id where h.hospital_id = any($1)";

    /** The columns toDomain reads, from a WITH_FACILITY row. */
    private static HospitalEntity hospital(Object[] row) {
        HospitalEntity e = new HospitalEntity();
        e.hospitalId = (String) row[0];
        e.name = (String) row[1];
        e.kind = (String) row[2];
        e.latitude = (Double) row[3];
        e.longitude = (Double) row[4];
        e.department = (String) row[5];
        e.hasEmergencyDepartment = (Boolean) row[6];
        e.capabilities = (String) row[7];
        e.retiredAt = row[8] == null ? null : ((OffsetDateTime) row[8]).toInstant();
        return e;
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
