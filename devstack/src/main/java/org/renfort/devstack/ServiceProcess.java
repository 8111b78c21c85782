package org.renfort.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One Renfort service, run from its packaged Quarkus application as a separate JVM. */
final class ServiceProcess implements AutoCloseable {
    private final ManagedProcess process;
    private final int port;

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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        // e.g. a flight recording of a benchmark run: -Drenfort.service.jvmArgs="-XX:StartFlightRecording=..."
        String extra = System.getProperty("renfort.service.jvmArgs", "").replace("{name}", name);
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ManagedProcess process = ManagedProcess.start(name, command, config.root(), env, config.logDir());
        return new ServiceProcess(process, port);
    }

    void awaitReady() {
        Readiness.awaitOk(process.name(), "http://localhost:" + port + "/q/health/ready", Duration.ofMinutes(2),
                process::isAlive, () -> System.err.println(process.name() + " log:\n" + process.logTail()));
    }

    void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }
}
