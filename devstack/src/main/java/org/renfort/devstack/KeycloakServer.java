package org.renfort.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak from its Maven Central distribution, in development mode, with the renfort
 * realm imported afresh at every start (its demo users and clients are data, not state).
 */
final class KeycloakServer implements AutoCloseable {
    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "admin";

    private final ManagedProcess process;

    private KeycloakServer(ManagedProcess process) {
        this.process = process;
    }

    /** A fresh server: the realm imported afresh (new signing keys, the demo users as in the file). */
    static KeycloakServer start(StackConfig config) {
        Path home = unpack(config);
        try {
            deleteTree(home.resolve("data"));
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.writeString(imports.resolve("renfort-realm.json"), withDashboardOrigins(Files.readString(config.realmFile()), config));
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare Keycloak's data directory", e);
        }
        return launch(config, home, "keycloak");
    }

    /**
     * The dashboard's browser asks Keycloak for tokens across origins, and Keycloak's CORS check
     * knows no wildcard port: the gateway client gets this run's gateway addresses as its web origins.
     */
    static String withDashboardOrigins(String realm, StackConfig config) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(realm);
        for (JsonNode client : root.path("clients")) {
            if (client.path("clientId").asText().equals("renfort-gateway")) {
                ArrayNode origins = ((ObjectNode) client).putArray("webOrigins");
                config.gatewayUrls().forEach(origins::add);
            }
        }
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    /** The server started again on the data it had (same realm, same signing keys), as after an outage. */
    static KeycloakServer restart(StackConfig config, int generation) {
        return launch(config, unpack(config), "keycloak-" + generation);
    }

    private static KeycloakServer launch(StackConfig config, Path home, String name) {
        ManagedProcess process = ManagedProcess.start(name,
                List.of("bash", "bin/kc.sh", "start-dev", "--http-port=" + config.keycloakPort(),
                        "--http-management-port=" + (config.keycloakPort() + 820), "--import-realm"),
                home, Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER, "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD),
                config.logDir());
        return new KeycloakServer(process);
    }

    void awaitReady(StackConfig config) {
        Readiness.awaitOk("Keycloak", config.realmUrl() + "/.well-known/openid-configuration", Duration.ofMinutes(4),
                process::isAlive, () -> System.err.println(process.logTail()));
    }

    @Override
    public void close() {
        process.close();
    }

    /** Unpacks the distribution once; later starts reuse it (and its build of the server). */
    private static Path unpack(StackConfig config) {
        Path home = config.workDir().resolve("keycloak-" + StackConfig.KEYCLOAK_VERSION);
        if (Files.exists(home.resolve("bin/kc.sh"))) {
            return home;
        }
        if (!Files.exists(config.keycloakZip())) {
            throw new IllegalStateException("Keycloak distribution not found at " + config.keycloakZip()
                    + ": build first (./mvnw install -DskipTests)");
        }
        Path staging = config.workDir().resolve("keycloak-unpacking");
        try {
            deleteTree(staging);
            Files.createDirectories(staging);
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(config.keycloakZip()))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    Path target = staging.resolve(entry.getName()).normalize();
                    if (!target.startsWith(staging)) {
                        throw new IOException("zip entry outside the target directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        copy(zip, target);
                    }
                }
            }
            Files.move(staging.resolve("keycloak-" + StackConfig.KEYCLOAK_VERSION), home);
            deleteTree(staging);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack Keycloak", e);
        }
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
