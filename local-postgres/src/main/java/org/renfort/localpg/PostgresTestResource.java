package org.renfort.localpg;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at a real PostgreSQL. One server per test JVM, shared by every
 * test class (Quarkus calls start() again for each restart of the application), stopped when
 * the JVM exits. Argument {@code database}: the database the service owns.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalPostgres server;
    private String database = "renfort";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        LocalPostgres pg = shared();
        LocalPostgres.DatabaseRoles roles = pg.ensureDatabase(database);
        // The same split as the run: Flyway as the owner, the service as a role that owns nothing.
        return Map.of(
                "quarkus.datasource.jdbc.url", pg.jdbcUrl(database),
                "quarkus.datasource.reactive.url", pg.reactiveUrl(database),
                "quarkus.datasource.username", roles.runtime(),
                "quarkus.datasource.password", roles.runtimePassword(),
                "quarkus.flyway.username", roles.owner(),
                "quarkus.flyway.password", roles.ownerPassword(),
                "quarkus.flyway.placeholders.runtime_role", roles.runtime());
    }

    @Override
    public void stop() {
        // The server outlives each test class; the shutdown hook stops it with the JVM.
    }

    private static synchronized LocalPostgres shared() {
        if (server == null) {
            server = LocalPostgres.start(null, 0, false);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "local-postgres-stop"));
        }
        return server;
    }
}
