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
}
