package org.renfort.transfer.persistence;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.testsupport.DatabaseSessionContract;

/** transfer-service's sessions: bounded, and as a role that owns nothing (see {@link DatabaseSessionContract}). */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_transfer"))
class DatabaseSessionTest extends DatabaseSessionContract {
    @Inject
    Pool pool;

    @Override
    protected Pool pool() {
        return pool;
    }
}
