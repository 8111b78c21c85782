package org.renfort.devstack;

import org.renfort.localpg.LocalPostgres;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole system as separate processes: PostgreSQL (one database per service), Keycloak with
 * the renfort realm, capacity-service, transfer-service and the gateway. Closing it stops
 * everything it started, in reverse order.
 */
public final class Stack implements AutoCloseable {
    private final StackConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private LocalPostgres postgres;

    private ServiceProcess capacity;
    private int capacityGeneration;
    private ServiceProcess transfer;
    private int transferGeneration;

    private Stack(StackConfig config) {
        this.config = config;
    }

    public static Stack start(StackConfig config) {
        return start(config, true);
    }

    /**
     * @param everything false to start PostgreSQL, Keycloak and capacity-service only (what the
     *                   capacity benchmark needs, so that the other services take no CPU from it)
     */
    public static Stack start(StackConfig config, boolean everything) {
        Stack stack = new Stack(config);
        try {
            stack.startAll(everything);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(boolean everything) {
        log("starting Keycloak " + StackConfig.KEYCLOAK_VERSION + " on port " + config.keycloakPort());
        KeycloakServer keycloak = KeycloakServer.start(config);
        started.push(keycloak);

        postgres = LocalPostgres.start(config.workDir().resolve("pgdata"), config.postgresPort(), config.durable());
        started.push(postgres);
        log(postgres.isEmbedded()
                ? "PostgreSQL 17 (embedded) on port " + postgres.port() + ", data in " + config.workDir().resolve("pgdata")
                : "PostgreSQL from " + LocalPostgres.URL_VARIABLE);
        postgres.ensureDatabase("renfort_capacity");
        postgres.ensureDatabase("renfort_transfer");

        keycloak.awaitReady(config);
        log("Keycloak ready");

        capacity = ServiceProcess.start(config, "capacity-service", config.capacityPort(),
                serviceEnv("CAPACITY_PORT", config.capacityPort(), "renfort_capacity"));
        started.push(capacity);
        if (!everything) {
            capacity.awaitReady();
            log("capacity-service ready");
            return;
        }
        transfer = ServiceProcess.start(config, "transfer-service", config.transferPort(), transferEnv(Map.of()));
        started.push(transfer);
        capacity.awaitReady();
        transfer.awaitReady();

        Map<String, String> gatewayEnv = new HashMap<>();
        gatewayEnv.put("GATEWAY_PORT", String.valueOf(config.gatewayPort()));
        gatewayEnv.put("CAPACITY_PORT", String.valueOf(config.capacityPort()));
        gatewayEnv.put("TRANSFER_PORT", String.valueOf(config.transferPort()));
        gatewayEnv.put("RENFORT_OIDC_URL", config.realmUrl());
        ServiceProcess gateway = ServiceProcess.start(config, "gateway", config.gatewayPort(), gatewayEnv);
        started.push(gateway);
        gateway.awaitReady();
        log("services ready");
    }

    /** transfer-service calls capacity-service with its own client-credentials token. */
    private Map<String, String> transferEnv(Map<String, String> settings) {
        Map<String, String> env = serviceEnv("TRANSFER_PORT", config.transferPort(), "renfort_transfer");
        env.put("CAPACITY_PORT", String.valueOf(config.capacityPort()));
        env.putAll(settings);
        return env;
    }

    /** kill -9 of transfer-service: what a crash in the middle of a negotiation looks like. */
    /** The stack's PostgreSQL server (benchmarks measure its own ceiling on it). */
    public LocalPostgres postgres() {
        return postgres;
    }

    public synchronized void crashTransferService() {
        transfer.kill();
    }

    /**
     * Starts transfer-service again (after a crash, or stops it first), with settings as
     * environment variables (e.g. RENFORT_TRANSFER_DEADLINE_PLANNED); its log goes to a new file.
     */
    public synchronized void restartTransferService(Map<String, String> settings) {
        transfer.close();
        transfer = ServiceProcess.start(config, "transfer-service", config.transferPort(), transferEnv(settings),
                "transfer-service-" + (++transferGeneration));
        started.push(transfer);
        transfer.awaitReady();
    }

    /** What a service instance of this stack is given: its port, its database, Keycloak. */
    Map<String, String> serviceEnv(String portVariable, int port, String database) {
        Map<String, String> env = new HashMap<>();
        env.put(portVariable, String.valueOf(port));
        env.put("RENFORT_DB_JDBC_URL", postgres.jdbcUrl(database));
        env.put("RENFORT_DB_REACTIVE_URL", postgres.reactiveUrl(database));
        env.put("RENFORT_DB_USER", postgres.username());
        env.put("RENFORT_DB_PASSWORD", postgres.password());
        env.put("RENFORT_OIDC_URL", config.realmUrl());
        return env;
    }

    /** Stops the main capacity-service instance (its in-memory regional view goes with it). */
    public synchronized void stopCapacityService() {
        capacity.close();
    }

    /** Starts the main capacity-service instance again, after {@link #stopCapacityService()}; its log goes to a new file. */
    public synchronized void startCapacityService() {
        capacity = ServiceProcess.start(config, "capacity-service", config.capacityPort(),
                serviceEnv("CAPACITY_PORT", config.capacityPort(), "renfort_capacity"), "capacity-service-" + (++capacityGeneration));
        started.push(capacity);
        capacity.awaitReady();
    }

    /**
     * Starts one more capacity-service on the same database, as a second instance behind a
     * load balancer would run; it is stopped with the stack.
     */
    public synchronized void addCapacityInstance(int port) {
        ServiceProcess instance = ServiceProcess.start(config, "capacity-service", port,
                serviceEnv("CAPACITY_PORT", port, "renfort_capacity"), "capacity-service-" + port);
        started.push(instance);
        instance.awaitReady();
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("[renfort] while stopping: " + e);
            }
        }
    }

    static void log(String message) {
        System.out.println("[renfort] " + message);
    }
}
