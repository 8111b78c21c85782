package org.renfort.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Resident memory of the services this benchmark started, from /proc: what a Kubernetes memory limit must cover. */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /**
     * "pid 1234: 245 MiB (peak 262 MiB)" for each started Java process whose command line names
     * the service (its instances), read now; "unknown" where /proc is missing.
     */
    static String ofService(String service) {
        List<String> found = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(service + "/target/quarkus-app"))
                .map(p -> "pid " + p.pid() + ": " + kib(p.pid(), "VmRSS") / 1024 + " MiB (peak " + kib(p.pid(), "VmHWM") / 1024 + " MiB)")
                .collect(Collectors.toList());
        return found.isEmpty() ? "unknown" : String.join(", ", found);
    }

    private static long kib(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith(field + ":"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String seconds(java.time.Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }
}
