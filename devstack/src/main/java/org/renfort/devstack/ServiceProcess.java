package org.renfort.devstack;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One Renfort service, run as a separate JVM from its packaged Quarkus application (or from its container image). */
final class ServiceProcess implements AutoCloseable {
    /**
     * Runs a command inside an unpacked container image as Kubernetes would (root only): the
     * image's root filesystem read-only, its unprivileged user, /tmp as a scratch volume, the
     * host's /dev, /etc/hosts and resolv.conf mounted in. Every step execs, so the process handle
     * is the service's own JVM and kill() is a real SIGKILL of it.
     */
    private static final String IMAGE_SANDBOX = """
            root=$1; shift
            mount --bind "$root" "$root" && mount -o remount,bind,ro "$root" \
              && mount -t proc proc "$root/proc" && mount -t tmpfs -o size=512m tmpfs "$root/tmp" \
              && mount --rbind /dev "$root/dev" && mount --bind /etc/hosts "$root/etc/hosts" && mount --bind /etc/resolv.conf "$root/etc/resolv.conf" \
              && exec chroot --userspec=10001:10001 "$root" "$@"
            """;

    /** The system property on every service's command line that names it (e.g. capacity-service-1; benchmarks' ProcessCpu). */
    static final String PROCESS_NAME = "renfort.service.name";

    /** What Quarkus names the class-data (AppCDS) archive it writes beside quarkus-run.jar. */
    static final String APPLICATION_ARCHIVE = "app-cds.jsa";
    /**
     * Which classes a service started now maps from a class-data archive instead of parsing and
     * verifying them: {@code app} (the default) the application's archive where its build wrote
     * one (built with {@code -Dquarkus.package.jar.aot.enabled=true}), else the JDK's; {@code jdk} only the JDK's own
     * (lib/server/classes.jsa); {@code off} none. Read at each start: StartupBenchmark compares them.
     */
    static final String CLASS_DATA = "renfort.service.classData";

    private final ManagedProcess process;
    private final int port;
    private final long startedNanos = System.nanoTime();
    private Duration startToReady;

    private ServiceProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServiceProcess start(StackConfig config, String module, int port, Map<String, String> env) {
        return start(config, module, port, env, module);
    }

    static ServiceProcess start(StackConfig config, String module, int port, Map<String, String> env, String name) {
        Path jar = config.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(module + " is not packaged (" + jar + "): build first (./mvnw install -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        // Run from the application's directory: the class-data archive below is only valid for the
        // class path it was written with, quarkus-run.jar relative to that directory (JDK 17).
        Path workingDir = jar.getParent();
        String app = jar.getFileName().toString();
        String images = System.getProperty("renfort.service.images", "");
        if (images.isBlank()) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (classData().equals("app") && Files.exists(workingDir.resolve(APPLICATION_ARCHIVE))) {
                command.add("-XX:SharedArchiveFile=" + APPLICATION_ARCHIVE);
            }
        } else {
            Path rootfs = Path.of(images).resolve(module);
            if (!Files.exists(rootfs.resolve("app/quarkus-run.jar"))) {
                throw new IllegalStateException(module + " image is not unpacked in " + rootfs + ": run images/build.sh");
            }
            command.addAll(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", IMAGE_SANDBOX, "sh",
                    rootfs.toString(), "/opt/java/bin/java"));
            app = "/app/quarkus-run.jar";
            workingDir = config.root();
        }
        if (classData().equals("off")) {
            command.add("-Xshare:off");
        }
        command.add("-Xmx512m");
        // Names the process for whoever looks it up (the benchmarks' CPU and memory readings).
        command.add("-D" + PROCESS_NAME + "=" + name);
        // The client compiler only (as in k8s/base/kustomization.yaml): on 2 cores the server compiler's
        // work on a burst's cold paths took half the CPU of a bulk negotiation (benchmarks/README.md).
        command.add("-XX:TieredStopAtLevel=1");
        // e.g. a flight recording of a benchmark run: -Drenfort.service.jvmArgs="-XX:StartFlightRecording=..."
        String extra = System.getProperty("renfort.service.jvmArgs", "").replace("{name}", name);
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", app));
        ManagedProcess process = ManagedProcess.start(name, command, workingDir, env, config.logDir());
        return new ServiceProcess(process, port);
    }

    private static String classData() {
        String setting = System.getProperty(CLASS_DATA, "app");
        if (!List.of("app", "jdk", "off").contains(setting)) {
            throw new IllegalArgumentException(CLASS_DATA + " is app, jdk or off, not " + setting);
        }
        return setting;
    }

    void awaitReady() {
        awaitReady(Readiness.HTTP, "http");
    }

    /** For a service started with the {@code tls} profile: HTTPS only. */
    void awaitReady(HttpClient https) {
        awaitReady(https, "https");
    }

    private void awaitReady(HttpClient http, String scheme) {
        Readiness.awaitOk(http, process.name(), scheme + "://localhost:" + port + "/q/health/ready", Duration.ofMinutes(2),
                process::isAlive, () -> System.err.println(process.name() + " log:\n" + process.logTail()));
        if (startToReady == null) {
            startToReady = Duration.ofNanos(System.nanoTime() - startedNanos);
        }
    }

    /** From the JVM's launch to its first ready answer (within the 50 ms the readiness check polls at). */
    Duration startToReady() {
        if (startToReady == null) {
            throw new IllegalStateException(process.name() + " was not awaited ready");
        }
        return startToReady;
    }

    void kill() {
        process.kill();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }
}
