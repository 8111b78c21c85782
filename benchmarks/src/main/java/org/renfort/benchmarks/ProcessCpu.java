package org.renfort.benchmarks;

import java.time.Duration;
import java.util.function.Predicate;

/** CPU time used so far by processes this benchmark started (services, PostgreSQL), for a cost per operation per phase. */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** Nanoseconds of CPU of the started Java processes of this service (its instances). */
    static long ofService(String service) {
        return sum(p -> isService(p, service));
    }

    /** Whether a process is an instance of the service: devstack names each on its command line (-Drenfort.service.name). */
    static boolean isService(ProcessHandle p, String service) {
        return p.info().commandLine().orElse("").contains("-Drenfort.service.name=" + service);
    }

    /** Nanoseconds of CPU of the PostgreSQL server and its backends (pg_ctl detaches them: looked up among all processes). */
    static long ofPostgres() {
        return total(ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").endsWith("/postgres")));
    }

    /** Nanoseconds of CPU of this JVM: the load generator. */
    static long ofLoadGenerator() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Nanoseconds of CPU the whole machine spent busy (all cores), from /proc/stat; 0 where there is none. */
    static long ofMachine() {
        try {
            String[] cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busyTicks = 0;
            for (int i = 1; i < cpu.length; i++) {
                if (i <= 3 || i == 6 || i == 7) { // user, nice, system, irq, softirq: not idle, iowait, steal or guest (counted in user)
                    busyTicks += Long.parseLong(cpu[i]);
                }
            }
            return busyTicks * 10_000_000L; // USER_HZ = 100
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long sum(Predicate<ProcessHandle> which) {
        return total(ProcessHandle.current().descendants().filter(which));
    }

    private static long total(java.util.stream.Stream<ProcessHandle> processes) {
        return processes.mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }
}
