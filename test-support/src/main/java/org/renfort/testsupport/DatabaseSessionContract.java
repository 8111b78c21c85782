package org.renfort.testsupport;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What every database session of a service is, checked on the service's own connection pool:
 * bounded in time, and run as a role that owns nothing and can only append to the audit trail
 * (the services' test resource splits the roles as ./run.sh and the Kubernetes deployment do).
 * A service's test extends it with its pool.
 */
public abstract class DatabaseSessionContract {
    private static final Duration WAIT = Duration.ofSeconds(10);

    protected abstract Pool pool();

    @Test
    void theServicesSessionsCarryTheirTimeouts() {
        Row settings = pool().query("select current_setting('statement_timeout') as statement, "
                        + "current_setting('lock_timeout') as lock, "
                        + "current_setting('idle_in_transaction_session_timeout') as idle").execute()
                .await().atMost(WAIT).iterator().next();
        assertEquals("15s", settings.getString("statement"));
        assertEquals("5s", settings.getString("lock"));
        assertEquals("30s", settings.getString("idle"));
    }

    @Test
    void theServiceRunsAsARoleThatOwnsNothingAndCanOnlyAppendToTheAuditTrail() {
        Row role = pool().query("select r.rolsuper as superuser, "
                        + "(select count(*) from pg_class c where c.relowner = r.oid) as owned "
                        + "from pg_roles r where r.rolname = current_user").execute()
                .await().atMost(WAIT).iterator().next();
        assertFalse(role.getBoolean("superuser"));
        assertEquals(0L, role.getLong("owned"));
        for (String change : List.of("update audit_event set detail = 'rewritten'", "delete from audit_event",
                "truncate audit_event", "drop table audit_event", "delete from flyway_schema_history",
                "create table intruder (id int)")) {
            PgException refused = assertThrows(PgException.class, () -> pool().query(change).execute().await().atMost(WAIT), change);
            assertEquals("42501", refused.getSqlState(), () -> change + ": " + refused.getMessage());
        }
    }

    /**
     * The audit trail is partitioned by month: the service prepares this month and the next two
     * through the one function it may call, an entry lands in its month's partition (one of a
     * month never prepared, in the default one), and no partition can be read, changed or
     * emptied by the service other than through audit_event.
     */
    @Test
    void theAuditTrailIsPartitionedByMonthAndItsPartitionsAreOutOfTheServicesReach() {
        assertEquals(3, pool().query("select audit_prepare_months(2)").execute().await().atMost(WAIT).iterator().next().getInteger(0));
        String thisMonth = "audit_event_" + java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString().replace('-', '_');
        assertEquals(thisMonth, partitionOf(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)));
        assertEquals("audit_event_default", partitionOf(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusYears(50)));

        for (String change : List.of("select * from " + thisMonth, "update " + thisMonth + " set detail = 'rewritten'",
                "delete from audit_event_default", "truncate " + thisMonth, "alter table audit_event detach partition " + thisMonth,
                "create table audit_event_2199_01 partition of audit_event for values from ('2199-01-01') to ('2199-02-01')",
                "select audit_month_partition('2199-01-01')")) {
            PgException refused = assertThrows(PgException.class, () -> pool().query(change).execute().await().atMost(WAIT), change);
            assertEquals("42501", refused.getSqlState(), () -> change + ": " + refused.getMessage());
        }
    }

    /** Inserts an entry as the service does and says which partition holds it. */
    private String partitionOf(java.time.OffsetDateTime at) {
        java.util.UUID id = java.util.UUID.randomUUID();
        pool().preparedQuery("insert into audit_event (event_id, occurred_at, service, subject, roles, action, target, outcome, "
                        + "detail, request_id) values ($1, $2, 'test', 'contract', '', 'Check', '', 'ALLOWED', '', '')")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id, at)).await().atMost(WAIT);
        return pool().preparedQuery("select tableoid::regclass::text from audit_event where event_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id)).await().atMost(WAIT).iterator().next().getString(0);
    }
}
