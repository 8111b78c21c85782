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

    /** CPU used so far by each part of the stack and by the whole machine, with the time it was read. */
    record Sample(long atNanos, long transfer, long capacity, long postgres, long generator, long machine) {
        static Sample now() {
            return new Sample(System.nanoTime(), ofService("transfer-service"), ofService("capacity-service"), ofPostgres(),
                    ofLoadGenerator(), ofMachine());
        }

        /** How many cores each part kept busy on average between two samples: tells waiting for the CPU from waiting for something else. */
        String coresBusySince(Sample before) {
            double wall = atNanos - before.atNanos;
            long parts = (transfer - before.transfer) + (capacity - before.capacity) + (postgres - before.postgres)
                    + (generator - before.generator);
            return String.format(java.util.Locale.ROOT,
                    "cores busy on average: transfer-service %.2f, capacity-service %.2f, PostgreSQL %.2f, load generator "
                            + "(the simulated hospital systems) %.2f, everything else (Keycloak, gateway, the OS) %.2f; "
                            + "machine %.2f of %d",
                    (transfer - before.transfer) / wall, (capacity - before.capacity) / wall, (postgres - before.postgres) / wall,
                    (generator - before.generator) / wall, Math.max(0, (machine - before.machine) - parts) / wall,
                    (machine - before.machine) / wall, Runtime.getRuntime().availableProcessors());
        }
    }

    private static long sum(Predicate<ProcessHandle> which) {
        return total(ProcessHandle.current().descendants().filter(which));
    }

    private static long total(java.util.stream.Stream<ProcessHandle> processes) {
        return processes.mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }
}
