package org.renfort.benchmarks;

import org.renfort.localpg.LocalPostgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The durable-write ceiling of this machine, measured in the same run on the benchmark's own
 * PostgreSQL: {@code pgbench -N} (TPC-B-like without the teller/branch updates: one update, one
 * select, one insert per transaction), 8 clients, committed with the server's durability settings.
 * A service's writes per second are read against it.
 */
final class PgbenchCeiling {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private PgbenchCeiling() {
    }

    /** Transactions per second, or empty (with the reason printed) where pgbench is not installed. */
    static Optional<Double> measure(LocalPostgres postgres, int seconds) throws IOException, InterruptedException {
        Optional<Path> pgbench = onPath("pgbench");
        if (pgbench.isEmpty()) {
            System.out.println("pgbench not found on PATH (Debian: postgresql-client): ceiling not measured");
            return Optional.empty();
        }
        postgres.ensureDatabase("pgbench");
        List<String> server = List.of("-h", "localhost", "-p", String.valueOf(postgres.port()), "-U", postgres.username());
        run(pgbench.get(), postgres, concat(List.of("-i", "-q", "-s", "8"), server, List.of("pgbench")));
        String output = run(pgbench.get(), postgres, concat(List.of("-N", "-c", "8", "-j", "2", "-T", String.valueOf(seconds)),
                server, List.of("pgbench")));
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("no tps in pgbench's output:\n" + output);
        }
        return Optional.of(Double.parseDouble(tps.group(1)));
    }

    /** Runs pgbench to its end (-T bounds the measurement; the initialisation is a few seconds). */
    private static String run(Path pgbench, LocalPostgres postgres, List<String> arguments) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(concat(List.of(pgbench.toString()), arguments, List.of()))
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", postgres.password() == null ? "" : postgres.password());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pgbench " + arguments + " failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    private static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        return java.util.stream.Stream.of(a, b, c).flatMap(List::stream).toList();
    }
}
