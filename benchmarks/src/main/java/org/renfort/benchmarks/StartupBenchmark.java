package org.renfort.benchmarks;

import org.renfort.devstack.Stack;
import org.renfort.devstack.StackConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each service's JVM from launch to ready ({@code /q/health/ready}), restarted alone on the idle
 * stack, with each amount of class-data sharing: the application's archive its build wrote beside
 * quarkus-run.jar ({@code quarkus.package.jar.aot.enabled}), only the JDK's own archive (what the
 * images' jlink'd runtime carries), none. The settings alternate restart by restart, so all see
 * the same machine; also the CPU each JVM has used and its resident memory, read once the restart
 * is over (ready, and reached by the gateways again).
 *
 * <pre>
 * ./mvnw -B -q install -DskipTests -DskipITs -Dquarkus.package.jar.aot.enabled=true
 * java -cp benchmarks/target/benchmarks.jar org.renfort.benchmarks.StartupBenchmark</pre>
 * System properties: bench.restarts (5 per service and setting); bench.settings (which of
 * app,jdk,off); renfort.service.images to start the services from their unpacked images instead
 * (after images/build.sh; jdk and off by default there).
 */
public final class StartupBenchmark {

    private static final List<String> SERVICES = List.of("capacity-service", "transfer-service", "gateway");
    /** Read by devstack's ServiceProcess at each start: app, jdk or off. */
    private static final String CLASS_DATA = "renfort.service.classData";
    private static final List<String> SETTINGS = List.of("app", "jdk", "off");
    private static final Map<String, String> LABELS = Map.of("app", "the application's (JDK and application classes)",
            "jdk", "the JDK's only", "off", "none (-Xshare:off)");

    public static void main(String[] args) throws Exception {
        int restarts = Integer.getInteger("bench.restarts", 5);
        StackConfig config = TransferBenchmark.freshStack("startup-stack");
        // From the unpacked images (-Drenfort.service.images=images/target/rootfs): their runtime
        // carries the JDK's archive, no application archive.
        boolean fromImages = !System.getProperty("renfort.service.images", "").isBlank();
        List<String> settings = System.getProperty("bench.settings") != null
                ? List.of(System.getProperty("bench.settings").split(","))
                : fromImages ? List.of("jdk", "off") : SETTINGS;
        for (String service : settings.contains("app") && !fromImages ? SERVICES : List.<String>of()) {
            Path archive = config.root().resolve(service).resolve("target/quarkus-app/app-cds.jsa");
            if (!Files.exists(archive)) {
                throw new IllegalStateException("no class-data archive " + archive + ": build the services with "
                        + "-Dquarkus.package.jar.aot.enabled=true before measuring what it changes");
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("| service | class-data archive | launch to ready: median (min - max) | CPU by then, median | "
                + "resident memory once ready, median |");
        lines.add("|---|---|---|---|---|");
        try (Stack stack = Stack.start(config)) {
            for (String service : SERVICES) {
                Map<String, List<Start>> starts = new LinkedHashMap<>();
                for (int i = 0; i < restarts; i++) {
                    for (String setting : settings) {
                        starts.computeIfAbsent(setting, s -> new ArrayList<>()).add(restart(stack, service, setting));
                    }
                }
                starts.forEach((setting, measured) -> lines.add(row(service, LABELS.get(setting), measured)));
            }
        } finally {
            System.clearProperty(CLASS_DATA);
        }
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version"));
    }

    private static Start restart(Stack stack, String service, String setting) {
        System.setProperty(CLASS_DATA, setting);
        Duration startToReady = stack.restartFirstInstance(service);
        ProcessHandle instance = ProcessHandle.current().descendants().filter(p -> ProcessCpu.isService(p, service))
                .max(Comparator.comparing(ProcessHandle::pid)).orElseThrow();
        long rssKib = ServiceFootprint.statusKib(instance.pid(), "VmRSS");
        // CPU rather than time alone: on 2 shared cores it is the steadier measure of the work a start does.
        long cpuMillis = instance.info().totalCpuDuration().orElse(Duration.ZERO).toMillis();
        System.out.printf(Locale.ROOT, "%s, class data %s: %d ms, %d ms of CPU, %d MiB%n", service, setting,
                startToReady.toMillis(), cpuMillis, rssKib / 1024);
        return new Start(startToReady.toMillis(), cpuMillis, rssKib);
    }

    private static String row(String service, String archive, List<Start> starts) {
        List<Long> millis = starts.stream().map(Start::millis).sorted().toList();
        List<Long> cpu = starts.stream().map(Start::cpuMillis).sorted().toList();
        List<Long> rss = starts.stream().map(Start::rssKib).sorted().toList();
        return String.format(Locale.ROOT, "| %s | %s | %.2f s (%.2f - %.2f) | %.2f s | %d MiB |", service, archive,
                millis.get(millis.size() / 2) / 1000.0, millis.get(0) / 1000.0, millis.get(millis.size() - 1) / 1000.0,
                cpu.get(cpu.size() / 2) / 1000.0, rss.get(rss.size() / 2) / 1024);
    }

    private record Start(long millis, long cpuMillis, long rssKib) {
    }
}
