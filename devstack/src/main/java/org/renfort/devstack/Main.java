package org.renfort.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** ./run.sh: the whole system on embedded defaults, with the demo region, until Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> options = List.of(args);
        if (options.contains("--help") || options.contains("-h")) {
            System.out.println("""
                    usage: ./run.sh [--no-demo] [--replicas N]
                      --no-demo      do not load the demo region
                      --replicas N   run N instances (1-%d) of each service, instance n on its port + n x %d;
                                     each gRPC client balances over all of them and leaves out one that is down
                    environment: GATEWAY_PORT (8080), CAPACITY_PORT (8081), TRANSFER_PORT (8082),
                      KEYCLOAK_PORT (8180), RENFORT_PG_PORT (15432, embedded PostgreSQL),
                      RENFORT_PG_URL (postgresql://user:password@host:port: use that server instead)"""
                    .formatted(StackConfig.MAX_REPLICAS, StackConfig.REPLICA_PORT_STEP));
            return;
        }
        Path root = Path.of(System.getProperty("renfort.root", ".")).toAbsolutePath().normalize();
        StackConfig config;
        try {
            config = StackConfig.fromEnvironment(root, replicas(options));
        } catch (IllegalArgumentException e) {
            System.err.println("[renfort] " + e.getMessage() + " (./run.sh --help)");
            System.exit(2);
            return;
        }
        Stack stack = Stack.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Stack.log("stopping...");
            stack.close();
            Stack.log("stopped: no PostgreSQL, Keycloak or service process left");
            stopped.countDown();
        }, "renfort-stop"));
        if (!options.contains("--no-demo")) {
            DemoRegion demo = DemoRegion.load();
            demo.loadInto(config);
            Stack.log("demo region loaded: " + demo.size() + " hospitals (illustrative data)");
        }
        System.out.println(Banner.text(config));
        stopped.await();
    }

    private static int replicas(List<String> options) {
        int at = options.indexOf("--replicas");
        if (at < 0) {
            return 1;
        }
        try {
            return Integer.parseInt(options.get(at + 1));
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("--replicas takes a number of instances, e.g. --replicas 2");
        }
    }
}
