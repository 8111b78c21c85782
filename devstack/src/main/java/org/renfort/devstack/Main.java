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
                    usage: ./run.sh [--no-demo]
                      --no-demo   do not load the demo region
                    environment: GATEWAY_PORT (8080), CAPACITY_PORT (8081), TRANSFER_PORT (8082),
                      KEYCLOAK_PORT (8180), RENFORT_PG_PORT (15432, embedded PostgreSQL),
                      RENFORT_PG_URL (postgresql://user:password@host:port: use that server instead)""");
            return;
        }
        Path root = Path.of(System.getProperty("renfort.root", ".")).toAbsolutePath().normalize();
        StackConfig config = StackConfig.fromEnvironment(root);
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
}
