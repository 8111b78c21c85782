package org.renfort.servicekit.audit;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renfort.kernel.AuditEvent;
import org.renfort.kernel.AuditOutcome;
import org.renfort.kernel.AuditQuery;
import org.renfort.kernel.Caller;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.Role;
import org.renfort.servicekit.SessionSql;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The append-only audit trail of a service. An allowed write is recorded in the write's own
 * transaction (both commit or neither); a denied attempt is recorded on its own connection,
 * since the attempt itself writes nothing.
 */
@ApplicationScoped
public class AuditTrail {
    private static final String INSERT = "INSERT INTO audit_event (event_id, occurred_at, service, subject, roles, "
            + "caller_hospital_id, action, target, target_hospital_id, outcome, detail, request_id) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
    private static final String INSERT_ALL = "INSERT INTO audit_event (event_id, occurred_at, service, subject, roles, "
            + "caller_hospital_id, action, target, target_hospital_id, outcome, detail, request_id) "
            + "SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], "
            + "$7::varchar[], $8::varchar[], $9::varchar[], $10::varchar[], $11::varchar[], $12::varchar[])";

    /** The subject of entries written by the service itself. */
    public static final String SYSTEM_SUBJECT = "system";

    private final String service;
    private final Pool pool;
    private final Clock clock;

    AuditTrail(@ConfigProperty(name = "quarkus.application.name") String service, Pool pool, Clock clock) {
        this.service = service;
        this.pool = pool;
        this.clock = clock;
    }

    /** Records an allowed write inside the current transaction. */
    public Uni<Void> allowed(Caller caller, String action, String target, Optional<HospitalId> targetHospital, String detail) {
        return allowedAll(List.of(new Allowed(caller, action, target, targetHospital, detail)));
    }

    /** An allowed write, to record with others of the same transaction. */
    public record Allowed(Caller caller, String action, String target, Optional<HospitalId> targetHospital, String detail) {
    }

    /**
     * Records allowed writes inside the current Hibernate transaction in one round trip, on its
     * connection (SessionSql: no entity to flush for rows nothing reads back in the transaction).
     */
    public Uni<Void> allowedAll(List<Allowed> writes) {
        List<Object[]> rows = writes.stream().map(w -> values(event(w.caller(), w.action(), w.target(), w.targetHospital(),
                AuditOutcome.ALLOWED, w.detail()))).toList();
        return Panache.getSession().flatMap(session -> SessionSql.executeForEach(session, INSERT, rows));
    }

    /** Records allowed writes in the transaction of this connection, in one statement (a batch's, on the SQL client). */
    public Uni<Void> allowedAll(SqlClient transaction, List<Allowed> writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<AuditEvent> events = writes.stream().map(w -> event(w.caller(), w.action(), w.target(), w.targetHospital(),
                AuditOutcome.ALLOWED, w.detail())).toList();
        return transaction.preparedQuery(INSERT_ALL).execute(Tuple.from(new Object[] {
                        events.stream().map(AuditEvent::eventId).toArray(UUID[]::new),
                        events.stream().map(e -> OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC)).toArray(OffsetDateTime[]::new),
                        events.stream().map(AuditEvent::service).toArray(String[]::new),
                        events.stream().map(AuditEvent::subject).toArray(String[]::new),
                        events.stream().map(AuditTrail::roles).toArray(String[]::new),
                        events.stream().map(e -> e.callerHospital().map(HospitalId::value).orElse(null)).toArray(String[]::new),
                        events.stream().map(AuditEvent::action).toArray(String[]::new),
                        events.stream().map(AuditEvent::target).toArray(String[]::new),
                        events.stream().map(e -> e.targetHospital().map(HospitalId::value).orElse(null)).toArray(String[]::new),
                        events.stream().map(e -> e.outcome().name()).toArray(String[]::new),
                        events.stream().map(AuditEvent::detail).toArray(String[]::new),
                        events.stream().map(AuditEvent::requestId).toArray(String[]::new)}))
                .replaceWithVoid();
    }

    /** Records a denied attempt durably, before the denial is returned. */
    public Uni<Void> denied(Caller caller, String action, String target, Optional<HospitalId> targetHospital, String reason) {
        return insert(event(caller, action, target, targetHospital, AuditOutcome.DENIED, reason));
    }

    /** Records the denial, then fails with it: the caller's answer comes after the audit is durable. */
    public <T> Uni<T> refuse(Caller caller, String action, String target, Optional<HospitalId> targetHospital,
                             PermissionDeniedException denial) {
        return denied(caller, action, target, targetHospital, denial.getMessage())
                .onItem().transformToUni(done -> Uni.createFrom().failure(denial));
    }

    /** Records a denial decided by role before any domain code ran. */
    public Uni<Void> deniedByRole(String subject, Set<String> roles, String action, String requestId) {
        return insert(new AuditEvent(UUID.randomUUID(), clock.instant(), service, subject, roles, Optional.empty(),
                action, "", Optional.empty(), AuditOutcome.DENIED, "role not allowed", requestId));
    }

    /** Records what the service did by itself (no caller), such as erasing data past its retention. */
    public Uni<Void> recordSystemAction(String action, String target, String detail) {
        return insert(new AuditEvent(UUID.randomUUID(), clock.instant(), service, SYSTEM_SUBJECT, Set.of(), Optional.empty(),
                action, target, Optional.empty(), AuditOutcome.ALLOWED, detail, ""));
    }

    @WithSession
    public Uni<List<AuditEvent>> search(AuditQuery query) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        query.from().ifPresent(from -> {
            where.append(" and occurredAt >= :from");
            parameters.and("from", from);
        });
        query.to().ifPresent(to -> {
            where.append(" and occurredAt < :to");
            parameters.and("to", to);
        });
        query.subject().ifPresent(subject -> {
            where.append(" and subject = :subject");
            parameters.and("subject", subject);
        });
        query.hospital().ifPresent(hospital -> {
            where.append(" and (callerHospitalId = :hospital or targetHospitalId = :hospital)");
            parameters.and("hospital", hospital.value());
        });
        query.action().ifPresent(action -> {
            where.append(" and action = :action");
            parameters.and("action", action);
        });
        query.outcome().ifPresent(outcome -> {
            where.append(" and outcome = :outcome");
            parameters.and("outcome", outcome.name());
        });
        query.before().ifPresent(cursor -> {
            where.append(" and (occurredAt < :at or (occurredAt = :at and eventId < :event))");
            parameters.and("at", cursor.occurredAt()).and("event", cursor.eventId());
        });
        return AuditEventEntity.<AuditEventEntity>find(where.toString(), Sort.descending("occurredAt", "eventId"), parameters)
                .range(0, query.limit() - 1).list()
                .map(rows -> rows.stream().map(AuditTrail::toDomain).toList());
    }

    private AuditEvent event(Caller caller, String action, String target, Optional<HospitalId> targetHospital,
                             AuditOutcome outcome, String detail) {
        Set<String> roles = caller.roles().stream().map(Role::claimValue).collect(Collectors.toSet());
        return new AuditEvent(UUID.randomUUID(), clock.instant(), service, caller.subject(), roles, caller.hospitalId(),
                action, target, targetHospital, outcome, detail, caller.requestId());
    }

    private Uni<Void> insert(AuditEvent e) {
        return insert(pool, e);
    }

    private static Uni<Void> insert(SqlClient client, AuditEvent e) {
        return client.preparedQuery(INSERT).execute(Tuple.from(values(e))).replaceWithVoid();
    }

    /** An entry's values in INSERT's order. */
    private static Object[] values(AuditEvent e) {
        return new Object[] {e.eventId(), OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC), e.service(), e.subject(),
                roles(e), e.callerHospital().map(HospitalId::value).orElse(null), e.action(), e.target(),
                e.targetHospital().map(HospitalId::value).orElse(null), e.outcome().name(), e.detail(), e.requestId()};
    }

    private static String roles(AuditEvent e) {
        return String.join(",", e.roles().stream().sorted().toList());
    }

    private static AuditEvent toDomain(AuditEventEntity e) {
        Set<String> roles = e.roles.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(e.roles.split(",")));
        return new AuditEvent(e.eventId, e.occurredAt, e.service, e.subject, roles,
                Optional.ofNullable(e.callerHospitalId).map(HospitalId::new), e.action, e.target,
                Optional.ofNullable(e.targetHospitalId).map(HospitalId::new), AuditOutcome.valueOf(e.outcome),
                e.detail, e.requestId);
    }
}
