package org.renfort.transfer.persistence;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.renfort.localpg.PostgresTestResource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every session of the service opens with its statement, lock and idle-in-transaction bounds. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_transfer"))
class SessionTimeoutsTest {
    @Inject
    Pool pool;

    @Test
    void theServicesSessionsCarryTheirTimeouts() {
        Row settings = pool.query("select current_setting('statement_timeout') as statement, "
                        + "current_setting('lock_timeout') as lock, "
                        + "current_setting('idle_in_transaction_session_timeout') as idle").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertEquals("15s", settings.getString("statement"));
        assertEquals("5s", settings.getString("lock"));
        assertEquals("30s", settings.getString("idle"));
    }
}
