package org.renfort.benchmarks;

import org.renfort.devstack.Stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a service costs to run beside its throughput: resident memory from /proc (what a
 * Kubernetes memory limit must cover) and its JVM's launch-to-ready time.
 */
final class ServiceFootprint {
    private ServiceFootprint() {
    }

    /**
     * "pid 1234: 245 MiB (peak 262 MiB)" for each instance of the service, read now; "unknown" where /proc is missing.
     */
    static String memory(String service) {
        List<String> found = ProcessHandle.current().descendants()
                .filter(p -> ProcessCpu.isService(p, service))
                .map(p -> "pid " + p.pid() + ": " + statusKib(p.pid(), "VmRSS") / 1024 + " MiB (peak "
                        + statusKib(p.pid(), "VmHWM") / 1024 + " MiB)")
                .collect(Collectors.toList());
        return found.isEmpty() ? "unknown" : String.join(", ", found);
    }

    /** A memory field of /proc/{pid}/status (VmRSS, VmHWM) in KiB; 0 where there is none. */
    static long statusKib(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith(field + ":"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The first instance of the service stopped, started again alone, and timed from launch to ready. */
    static String startToReady(Stack stack, String service) {
        return String.format(Locale.ROOT, "%.2f s", stack.restartFirstInstance(service).toMillis() / 1000.0);
    }
}
