package org.renfort.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's phase timers as its /q/metrics exposes them (Prometheus histogram buckets), read
 * before and after a phase of the load: the difference is that phase's own distribution, whatever
 * ran before it. Percentiles are bucket upper bounds (Micrometer's buckets are ~10 % apart). Plain
 * totals (counters, a meter's count and sum) are read with {@link #totals}.
 */
final class PhaseHistograms {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Per phase tag: cumulative count by bucket bound (seconds), and the sum of seconds. */
    record Snapshot(Map<String, TreeMap<Double, Long>> buckets, Map<String, Double> sums) {
    }

    static Snapshot read(String metricsUrl, String metric) throws IOException, InterruptedException {
        return read(metricsUrl, metric, labels -> label(labels, "phase"));
    }

    /**
     * A gRPC binder's timer ({@code grpc_server_processing_duration_seconds} or its client twin),
     * one row per method of {@code methods}, a status other than OK in brackets.
     */
    static Snapshot readCalls(String metricsUrl, String metric, Set<String> methods) throws IOException, InterruptedException {
        return read(metricsUrl, metric, labels -> {
            String method = label(labels, "method");
            String status = label(labels, "statusCode");
            return !methods.contains(method) ? null : status.equals("OK") ? method : method + " (" + status + ")";
        });
    }

    /** Rows keyed by what {@code key} makes of a sample's labels; a null key leaves the sample out. */
    static Snapshot read(String metricsUrl, String metric, Function<String, String> key) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        Pattern bucket = Pattern.compile("^" + metric + "_bucket\\{(.*)\\} ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Pattern sum = Pattern.compile("^" + metric + "_sum\\{(.*)\\} ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Map<String, TreeMap<Double, Long>> buckets = new TreeMap<>();
        Matcher m = bucket.matcher(text);
        while (m.find()) {
            String labels = m.group(1);
            String le = label(labels, "le");
            String row = key.apply(labels);
            if (row == null) {
                continue;
            }
            buckets.computeIfAbsent(row, p -> new TreeMap<>())
                    .put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), (long) Double.parseDouble(m.group(2)));
        }
        Map<String, Double> sums = new TreeMap<>();
        Matcher s = sum.matcher(text);
        while (s.find()) {
            String row = key.apply(s.group(1));
            if (row != null) {
                sums.put(row, Double.parseDouble(s.group(2)));
            }
        }
        return new Snapshot(buckets, sums);
    }

    /** Samples' values summed over their labels, one per name (a counter, a meter's _count or _sum), in the names' order. */
    static double[] totals(String metricsUrl, String... names) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        double[] totals = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            totals[i] = text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }
        return totals;
    }

    /** Markdown rows "| phase | n | mean ms | p50 ms (<=) | p99 ms (<=) |" of what happened between the two snapshots. */
    static List<String> rows(Snapshot before, Snapshot after) {
        return rows("phase", before, after);
    }

    static List<String> rows(String what, Snapshot before, Snapshot after) {
        List<String> rows = new ArrayList<>();
        rows.add("| " + what + " | n | mean ms | p50 ms (<=) | p99 ms (<=) |");
        rows.add("|---|---|---|---|---|");
        after.buckets().forEach((phase, cumulative) -> {
            TreeMap<Double, Long> earlier = before.buckets().getOrDefault(phase, new TreeMap<>());
            TreeMap<Double, Long> delta = new TreeMap<>();
            cumulative.forEach((le, count) -> delta.put(le, count - earlier.getOrDefault(le, 0L)));
            long n = delta.getOrDefault(Double.POSITIVE_INFINITY, 0L);
            if (n == 0) {
                return;
            }
            double seconds = after.sums().getOrDefault(phase, 0.0) - before.sums().getOrDefault(phase, 0.0);
            rows.add(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |", phase, n, seconds * 1000 / n,
                    percentile(delta, n, 0.50) * 1000, percentile(delta, n, 0.99) * 1000));
        });
        return rows;
    }

    private static double percentile(TreeMap<Double, Long> cumulative, long n, double q) {
        long rank = (long) Math.ceil(q * n);
        for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
            if (e.getValue() >= rank) {
                return e.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static String label(String labels, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
        return m.find() ? m.group(1) : "";
    }
}
