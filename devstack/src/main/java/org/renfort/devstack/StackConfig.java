package org.renfort.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Where the stack lives and which ports it takes.
 *
 * @param root        the repository (holds the packaged services and the realm file)
 * @param workDir     state kept between runs: PostgreSQL data, the unpacked Keycloak, logs
 * @param keycloakZip the Keycloak distribution copied from Maven Central by the build
 * @param durable     acknowledge a commit only once it is on disk (the run); tests may relax it
 * @param replicas    instances of each service: the first on the service's port, replica n on
 *                    that port + n x {@link #REPLICA_PORT_STEP}
 */
public record StackConfig(Path root, Path workDir, Path keycloakZip, int postgresPort, int keycloakPort,
                          int capacityPort, int transferPort, int gatewayPort, boolean durable, int replicas) {

    public static final String KEYCLOAK_VERSION = "26.7.3";
    public static final int REPLICA_PORT_STEP = 1000;
    public static final int MAX_REPLICAS = 4;

    public StackConfig {
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be between 1 and " + MAX_REPLICAS + ", got " + replicas);
        }
    }

    /** One instance of each service. */
    public StackConfig(Path root, Path workDir, Path keycloakZip, int postgresPort, int keycloakPort,
                       int capacityPort, int transferPort, int gatewayPort, boolean durable) {
        this(root, workDir, keycloakZip, postgresPort, keycloakPort, capacityPort, transferPort, gatewayPort, durable, 1);
    }

    /** The local run: default ports, each overridable by an environment variable. */
    public static StackConfig fromEnvironment(Path root, int replicas) {
        Map<String, String> env = System.getenv();
        return new StackConfig(root, root.resolve(".renfort"),
                root.resolve("devstack/target/keycloak-dist.zip"),
                port(env, "RENFORT_PG_PORT", 15432), port(env, "KEYCLOAK_PORT", 8180),
                port(env, "CAPACITY_PORT", 8081), port(env, "TRANSFER_PORT", 8082),
                port(env, "GATEWAY_PORT", 8080), true, replicas);
    }

    /** The ports of a service's instances, the first being {@code port}. */
    public List<Integer> instancePorts(int port) {
        return IntStream.range(0, replicas).mapToObj(n -> replicaPort(port, n)).toList();
    }

    /** Where instance n of a service whose first instance listens on {@code port} listens. */
    public static int replicaPort(int port, int n) {
        return port + n * REPLICA_PORT_STEP;
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

    public List<String> gatewayUrls() {
        return instancePorts(gatewayPort).stream().map(p -> "http://localhost:" + p).toList();
    }

    public Path logDir() {
        return workDir.resolve("logs");
    }

    public Path realmFile() {
        return root.resolve("keycloak/renfort-realm.json");
    }
}
