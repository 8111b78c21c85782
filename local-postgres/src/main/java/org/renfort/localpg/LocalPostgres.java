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

    /** Creates the database if it does not exist yet. */
    public void ensureDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), username, password);
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created meanwhile by another JVM
            }
            throw new IllegalStateException("could not create database " + name, e);
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
