package org.renfort.localpg;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server for tests and the local run: the existing server named by the
 * {@code RENFORT_PG_URL} environment variable ({@code postgresql://user:password@host:port}),
 * or else a real PostgreSQL 17 started from Maven artifacts. Each service gets its own
 * database on that server.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String URL_VARIABLE = "RENFORT_PG_URL";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String username;
    private final String password;

    private LocalPostgres(EmbeddedPostgres embedded, String host, int port, String username, String password) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /** More settings for the embedded server, {@code name=value;name=value} (benchmarks/README, "Profiling a run"). */
    public static final String SETTINGS_PROPERTY = "renfort.postgres.settings";

    /**
     * The server named by RENFORT_PG_URL when set, else an embedded one.
     *
     * @param dataDirectory where the embedded server keeps its data across starts, or null for
     *                      a throw-away directory
     * @param port          the embedded server's port, or 0 for any free port
     * @param durable       true for a crash-safe server: fsync, full page writes and
     *                      synchronous_commit on (the embedded defaults turn all three off, which
     *                      is right for throw-away test databases only)
     */
    public static LocalPostgres start(Path dataDirectory, int port, boolean durable) {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return external(url);
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("max_connections", "200");
            // For profiling only, e.g. -Drenfort.postgres.settings=log_min_duration_statement=0;logging_collector=on
            String extra = System.getProperty(SETTINGS_PROPERTY, "");
            for (String setting : extra.split(";")) {
                int equals = setting.indexOf('=');
                if (equals > 0) {
                    builder.setServerConfig(setting.substring(0, equals).trim(), setting.substring(equals + 1));
                }
            }
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory.toFile()).setCleanDataDirectory(false);
            }
            EmbeddedPostgres pg = builder.start();
            return new LocalPostgres(pg, "localhost", pg.getPort(), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    static LocalPostgres external(String url) {
        URI uri = URI.create(url);
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException(URL_VARIABLE + " must look like postgresql://user:password@host:port");
        }
        String user = "postgres";
        String secret = "";
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            secret = parts.length > 1 ? parts[1] : "";
        }
        return new LocalPostgres(null, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, user, secret);
    }

    /**
     * The two roles of a service's database: {@code owner} owns the database and its schema and
     * runs the migrations; {@code runtime} is what the service connects as and owns nothing.
     * Local only: each password is its role's name (the embedded server trusts local connections anyway).
     */
    public record DatabaseRoles(String owner, String runtime) {
        public String ownerPassword() {
            return owner;
        }

        public String runtimePassword() {
            return runtime;
        }
    }

    /**
     * Creates the database and its two roles ({@code <database>_owner}, {@code <database>_app})
     * if they do not exist yet, and hands the owner role whatever an older run created as the
     * server's superuser.
     */
    public DatabaseRoles ensureDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches() || name.length() > 50) {
            throw new IllegalArgumentException("not a database name: " + name);
        }
        DatabaseRoles roles = new DatabaseRoles(name + "_owner", name + "_app");
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), username, password);
             Statement sql = c.createStatement()) {
            // One JVM at a time (test JVMs of several modules may share an external server).
            sql.execute("SELECT pg_advisory_lock(hashtext('renfort-ensure-database'))");
            try {
                ensureRole(sql, roles.owner(), roles.ownerPassword());
                ensureRole(sql, roles.runtime(), roles.runtimePassword());
                if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
                    sql.execute("CREATE DATABASE " + name + " OWNER " + roles.owner());
                }
                sql.execute("ALTER DATABASE " + name + " OWNER TO " + roles.owner());
            } finally {
                sql.execute("SELECT pg_advisory_unlock(hashtext('renfort-ensure-database'))");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " and its roles", e);
        }
        handOverToOwner(name, roles.owner());
        return roles;
    }

    private static void ensureRole(Statement sql, String role, String secret) throws SQLException {
        if (!exists(sql.getConnection(), "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
            sql.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + secret + "'");
        }
        sql.execute("ALTER ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + secret + "'");
    }

    /** Tables and sequences made before the roles existed (by the superuser) go to the owner role. */
    private void handOverToOwner(String database, String owner) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), username, password);
             Statement sql = c.createStatement()) {
            sql.execute("""
                    DO $$
                    DECLARE r record;
                    BEGIN
                        FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
                                   AND pg_get_userbyid(c.relowner) <> '%1$s' LOOP
                            EXECUTE format('ALTER %%s %%I OWNER TO %1$s',
                                CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                               WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.relname);
                        END LOOP;
                    END $$""".formatted(owner));
        } catch (SQLException e) {
            throw new IllegalStateException("could not hand database " + database + " over to " + owner, e);
        }
    }

    private static boolean exists(Connection c, String query, String value) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement(query)) {
            exists.setString(1, value);
            try (ResultSet rs = exists.executeQuery()) {
                return rs.next();
            }
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
            }
        }
    }
}
