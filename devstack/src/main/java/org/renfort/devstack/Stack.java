package org.renfort.devstack;

import org.renfort.localpg.LocalPostgres;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole system as separate processes: PostgreSQL (one database per service), Keycloak with
 * the renfort realm, capacity-service, transfer-service and the gateway, each service as
 * {@link StackConfig#replicas()} instances. Closing it stops everything it started, in reverse order.
 */
public final class Stack implements AutoCloseable {
    private final StackConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private LocalPostgres postgres;
    private KeycloakServer keycloak;
    private int keycloakGeneration;
    private final Map<String, LocalPostgres.DatabaseRoles> databaseRoles = new HashMap<>();

    private Service capacity;
    private Service transfer;
    private Service gateway;

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
        keycloak = KeycloakServer.start(config);
        started.push(() -> keycloak.close()); // the server running then, after any restart

        postgres = LocalPostgres.start(config.workDir().resolve("pgdata"), config.postgresPort(), config.durable());
        started.push(() -> postgres.close()); // the server running then, after any restart
        log(postgres.isEmbedded()
                ? "PostgreSQL 17 (embedded) on port " + postgres.port() + ", data in " + config.workDir().resolve("pgdata")
                : "PostgreSQL from " + LocalPostgres.URL_VARIABLE);
        databaseRoles.put("renfort_capacity", postgres.ensureDatabase("renfort_capacity"));
        databaseRoles.put("renfort_transfer", postgres.ensureDatabase("renfort_transfer"));

        keycloak.awaitReady(config);
        log("Keycloak ready");

        capacity = new Service("capacity-service", config.capacityPort(),
                port -> serviceEnv("CAPACITY_PORT", port, "renfort_capacity"));
        transfer = new Service("transfer-service", config.transferPort(), port -> {
            Map<String, String> env = serviceEnv("TRANSFER_PORT", port, "renfort_transfer");
            env.put("CAPACITY_PORT", String.valueOf(config.capacityPort()));
            return env;
        });
        gateway = new Service("gateway", config.gatewayPort(), port -> {
            Map<String, String> env = replicaEnv();
            env.put("GATEWAY_PORT", String.valueOf(port));
            env.put("CAPACITY_PORT", String.valueOf(config.capacityPort()));
            env.put("TRANSFER_PORT", String.valueOf(config.transferPort()));
            env.put("RENFORT_OIDC_URL", config.realmUrl());
            // The end-to-end suite and the benchmarks fire thousands of calls with a handful of
            // tokens: they switch the per-caller limits off (-Drenfort.gateway.rate-limits=off).
            if ("off".equals(System.getProperty("renfort.gateway.rate-limits"))) {
                env.put("RENFORT_GATEWAY_RATE_LIMIT_ENABLED", "false");
            }
            return env;
        });

        capacity.start(config.replicas(), Map.of());
        if (!everything) {
            capacity.awaitReady();
            log("capacity-service ready");
            return;
        }
        transfer.start(config.replicas(), Map.of());
        capacity.awaitReady();
        transfer.awaitReady();
        gateway.start(config.replicas(), Map.of());
        gateway.awaitReady();
        log(config.replicas() == 1 ? "services ready" : "services ready, " + config.replicas() + " instances of each");
    }

    /** The stack's PostgreSQL server (benchmarks measure its own ceiling on it). */
    public LocalPostgres postgres() {
        return postgres;
    }

    /** Stops Keycloak: no new token until {@link #startKeycloak()}; the ones issued stay valid. */
    public synchronized void stopKeycloak() {
        keycloak.close();
    }

    /** Starts Keycloak again on its data (same realm and signing keys), after {@link #stopKeycloak()}. */
    public synchronized void startKeycloak() {
        keycloak = KeycloakServer.restart(config, ++keycloakGeneration);
        keycloak.awaitReady(config);
    }

    /**
     * Stops the embedded PostgreSQL (a fast shutdown: every session is cut) and starts it again
     * on the same data and port, under the running services.
     */
    public synchronized void restartPostgres() {
        if (!postgres.isEmbedded()) {
            throw new UnsupportedOperationException("the stack restarts only its embedded PostgreSQL");
        }
        postgres.close();
        postgres = LocalPostgres.start(config.workDir().resolve("pgdata"), config.postgresPort(), config.durable());
    }

    /** kill -9 of every transfer-service instance: what a crash in the middle of a negotiation looks like. */
    public synchronized void crashTransferService() {
        transfer.killAll();
    }

    /** kill -9 of one transfer-service instance (0 is the one on the configured port); the others go on. */
    public synchronized void crashTransferInstance(int index) {
        transfer.kill(index);
    }

    /**
     * Restarts transfer-service (crashed instances are started again, live ones stopped first),
     * with settings as environment variables (e.g. RENFORT_TRANSFER_DEADLINE_PLANNED); its logs
     * go to new files. One instance at a time, as a rolling update: with replicas, the service
     * stays up throughout.
     */
    public synchronized void restartTransferService(Map<String, String> settings) {
        restartTransferService(settings, config.replicas());
    }

    /**
     * As {@link #restartTransferService(Map)}, with this many instances; the gateway only knows
     * of the configured replicas, so extra ones are reached directly on {@link #transferPorts()}.
     */
    public synchronized void restartTransferService(Map<String, String> settings, int instances) {
        transfer.restart(instances, settings);
        awaitGatewaysReachEveryService();
    }

    /** Starts again every instance that was crashed, as an orchestrator would. */
    public synchronized void startCrashedInstances() {
        Stream.of(capacity, transfer, gateway).filter(Objects::nonNull).forEach(Service::startCrashed);
        awaitGatewaysReachEveryService();
    }

    /** The ports transfer-service's instances listen on, the first being the configured one. */
    public synchronized List<Integer> transferPorts() {
        return transfer.ports();
    }

    /** Every service instance's port. */
    public synchronized List<Integer> servicePorts() {
        return Stream.of(capacity, transfer, gateway).filter(Objects::nonNull).flatMap(s -> s.ports().stream()).toList();
    }

    /**
     * What a service instance of this stack is given: its port, its database (migrated as the
     * owner role, used as the runtime role that owns nothing), Keycloak, its peers.
     */
    Map<String, String> serviceEnv(String portVariable, int port, String database) {
        LocalPostgres.DatabaseRoles roles = databaseRoles.get(database);
        Map<String, String> env = replicaEnv();
        env.put(portVariable, String.valueOf(port));
        env.put("RENFORT_DB_JDBC_URL", postgres.jdbcUrl(database));
        env.put("RENFORT_DB_REACTIVE_URL", postgres.reactiveUrl(database));
        env.put("RENFORT_DB_USER", roles.runtime());
        env.put("RENFORT_DB_PASSWORD", roles.runtimePassword());
        env.put("RENFORT_DB_MIGRATION_USER", roles.owner());
        env.put("RENFORT_DB_MIGRATION_PASSWORD", roles.ownerPassword());
        env.put("RENFORT_OIDC_URL", config.realmUrl());
        return env;
    }

    /** With replicas, each gRPC client balances over every instance of its downstream (the services' `replicas` profile). */
    private Map<String, String> replicaEnv() {
        Map<String, String> env = new HashMap<>();
        if (config.replicas() > 1) {
            env.put("QUARKUS_PROFILE", "prod,replicas");
            env.put("CAPACITY_ADDRESSES", addresses(config.capacityPort()));
            env.put("TRANSFER_ADDRESSES", addresses(config.transferPort()));
        }
        return env;
    }

    private String addresses(int port) {
        return config.instancePorts(port).stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** kill -9 of one gateway instance (0 is the one on the configured port). */
    public synchronized void crashGatewayInstance(int index) {
        gateway.kill(index);
    }

    /** kill -9 of every capacity-service instance (start them again with {@link #startCrashedInstances()}). */
    public synchronized void crashCapacityService() {
        capacity.killAll();
    }

    /** kill -9 of one capacity-service instance (0 is the one on the configured port); the others go on. */
    public synchronized void crashCapacityInstance(int index) {
        capacity.kill(index);
    }

    /** Stops every capacity-service instance (their in-memory regional views go with them). */
    public synchronized void stopCapacityService() {
        capacity.stop();
    }

    /** Starts capacity-service again, after {@link #stopCapacityService()}; its logs go to new files. */
    public synchronized void startCapacityService() {
        capacity.restart(config.replicas(), Map.of());
        awaitGatewaysReachEveryService();
    }

    /**
     * A restart is over when every gateway reaches both services again: a gRPC client tries a
     * peer that went away again only after a backoff (grpc-java: 1 s growing 1.6 x per failure),
     * so it can see the restarted instance some seconds after that instance is ready.
     */
    private void awaitGatewaysReachEveryService() {
        if (gateway == null) {
            return;
        }
        for (int port : gateway.ports()) {
            Readiness.awaitOk("gateway on " + port, "http://localhost:" + port + "/q/health/group/downstreams",
                    Duration.ofMinutes(2), () -> true, () -> { });
        }
    }

    /**
     * Stops the first instance of a service and starts it again, alone: how long its JVM takes
     * from launch to ready (the benchmarks report it; a first start shares the machine with the
     * other services starting). The gateways reach it again before this returns.
     */
    public synchronized Duration restartFirstInstance(String module) {
        Service service = switch (module) {
            case "capacity-service" -> capacity;
            case "transfer-service" -> transfer;
            case "gateway" -> gateway;
            default -> throw new IllegalArgumentException("no service " + module);
        };
        Duration startToReady = service.restartFirst().startToReady();
        awaitGatewaysReachEveryService();
        return startToReady;
    }

    /**
     * Starts one more capacity-service on the same database, as another instance behind a
     * load balancer would run, unknown to the other services; it is stopped with the stack.
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

    /** The instances of one service: instance n listens on the service's port + n x the replica step. */
    private final class Service {
        private final String module;
        private final int port;
        private final IntFunction<Map<String, String>> env;
        /** By instance number. */
        private final List<Slot> slots = new ArrayList<>();

        /**
         * One instance number: what runs there (null once stopped), the settings it was given,
         * and how many times it was started (names each start's log, so a restart keeps the last).
         */
        private static final class Slot {
            ServiceProcess process;
            Map<String, String> settings = Map.of();
            int starts;
        }

        Service(String module, int port, IntFunction<Map<String, String>> env) {
            this.module = module;
            this.port = port;
            this.env = env;
        }

        /** Starts instances 0 to count - 1 together (the first start); {@link #awaitReady()} waits for them. */
        void start(int count, Map<String, String> with) {
            for (int n = 0; n < count; n++) {
                launch(n, with);
            }
        }

        void awaitReady() {
            running().forEach(ServiceProcess::awaitReady);
        }

        /** One instance after the other: stopped (if running), started with these settings, ready. */
        void restart(int count, Map<String, String> with) {
            for (int n = 0; n < Math.max(count, slots.size()); n++) {
                if (n < slots.size()) {
                    stop(slots.get(n));
                }
                if (n < count) {
                    launch(n, with).awaitReady();
                }
            }
        }

        /** Instance 0 stopped and started again with its settings, ready. */
        ServiceProcess restartFirst() {
            Slot first = slots.get(0);
            stop(first);
            ServiceProcess restarted = launch(0, first.settings);
            restarted.awaitReady();
            return restarted;
        }

        /** Instances killed by {@link #kill} started again, with the settings they had. */
        void startCrashed() {
            for (int n = 0; n < slots.size(); n++) {
                Slot slot = slots.get(n);
                if (slot.process != null && !slot.process.isAlive()) {
                    launch(n, slot.settings).awaitReady();
                }
            }
        }

        private ServiceProcess launch(int n, Map<String, String> with) {
            while (slots.size() <= n) {
                slots.add(new Slot());
            }
            Slot slot = slots.get(n);
            int instancePort = StackConfig.replicaPort(port, n);
            Map<String, String> instanceEnv = env.apply(instancePort);
            instanceEnv.putAll(with);
            String name = module + (n == 0 ? "" : "-replica" + n) + (slot.starts == 0 ? "" : "-" + slot.starts);
            slot.process = ServiceProcess.start(config, module, instancePort, instanceEnv, name);
            slot.settings = Map.copyOf(with);
            slot.starts++;
            started.push(slot.process);
            return slot.process;
        }

        void kill(int n) {
            slots.get(n).process.kill();
        }

        void killAll() {
            running().forEach(ServiceProcess::kill);
        }

        void stop() {
            slots.forEach(Service::stop);
        }

        private static void stop(Slot slot) {
            if (slot.process != null) {
                slot.process.close();
                slot.process = null;
            }
        }

        private Stream<ServiceProcess> running() {
            return slots.stream().map(slot -> slot.process).filter(Objects::nonNull);
        }

        List<Integer> ports() {
            List<Integer> ports = new ArrayList<>();
            for (int n = 0; n < slots.size(); n++) {
                if (slots.get(n).process != null) {
                    ports.add(StackConfig.replicaPort(port, n));
                }
            }
            return ports;
        }
    }
}
