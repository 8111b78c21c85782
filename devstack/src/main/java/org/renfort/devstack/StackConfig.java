package org.renfort.devstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the stack lives and which ports it takes.
 *
 * @param root        the repository (holds the packaged services and the realm file)
 * @param workDir     state kept between runs: PostgreSQL data, the unpacked Keycloak, logs
 * @param keycloakZip the Keycloak distribution copied from Maven Central by the build
 * @param durable     acknowledge a commit only once it is on disk (the run); tests may relax it
 */
public record StackConfig(Path root, Path workDir, Path keycloakZip, int postgresPort, int keycloakPort,
                          int capacityPort, int transferPort, int gatewayPort, boolean durable) {

    public static final String KEYCLOAK_VERSION = "26.7.3";

    /** The local run: default ports, each overridable by an environment variable. */
    public static StackConfig fromEnvironment(Path root) {
        Map<String, String> env = System.getenv();
        return new StackConfig(root, root.resolve(".renfort"),
                root.resolve("devstack/target/keycloak-dist.zip"),
                port(env, "RENFORT_PG_PORT", 15432), port(env, "KEYCLOAK_PORT", 8180),
                port(env, "CAPACITY_PORT", 8081), port(env, "TRANSFER_PORT", 8082),
                port(env, "GATEWAY_PORT", 8080), true);
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, got '" + value + "'");
        }
    }

    public String keycloakUrl() {
        return "http://localhost:" + keycloakPort;
    }

    public String realmUrl() {
        return keycloakUrl() + "/realms/renfort";
    }

    public String gatewayUrl() {
        return "http://localhost:" + gatewayPort;
    }

    public Path logDir() {
        return workDir.resolve("logs");
    }

    public Path realmFile() {
        return root.resolve("keycloak/renfort-realm.json");
    }
}
