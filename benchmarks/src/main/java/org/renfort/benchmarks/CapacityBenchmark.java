package org.renfort.benchmarks;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import org.HdrHistogram.Histogram;
import org.renfort.testsupport.BearerToken;
import org.renfort.devstack.Stack;
import org.renfort.devstack.StackConfig;
import org.renfort.devstack.TokenClient;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc.CapacityServiceFutureStub;
import org.renfort.proto.capacity.v1.CategoryPicture;
import org.renfort.proto.capacity.v1.ChangeKind;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalKind;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.capacity.v1.WatchRegionRequest;
import org.renfort.proto.capacity.v1.WatchRegionResponse;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.GeoPoint;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * capacity-service under load, as the issue asks: accepted reports per second (durable
 * PostgreSQL, history and change notification included), FindBeds latency over 300 hospitals x
 * 12 categories, and how fast a report made through one instance reaches a watcher of another -
 * each beside a no-op unary gRPC call (the standard health check) measured in the same run.
 *
 * <pre>./mvnw -B -q install -DskipTests -DskipITs && java -jar benchmarks/target/benchmarks.jar</pre>
 * The saturation phase is read against {@code pgbench -N} on the same server in the same run
 * (PgbenchCeiling), where pgbench is installed.
 * System properties: bench.seconds (60), bench.reportRate (2000), bench.findRate (500).
 */
public final class CapacityBenchmark {
    static final int HOSPITALS = 300;
    static final List<BedCategory> CATEGORIES = java.util.Arrays.stream(BedCategory.values())
            .filter(c -> c != BedCategory.BED_CATEGORY_UNSPECIFIED && c != BedCategory.UNRECOGNIZED).toList();

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 60);
        int reportRate = Integer.getInteger("bench.reportRate", 2000);
        int findRate = Integer.getInteger("bench.findRate", 500);
        Path root = Path.of(System.getProperty("renfort.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("benchmarks/target/stack");
        deleteTree(work.resolve("pgdata"));
        StackConfig config = new StackConfig(root, work, root.resolve("devstack/target/keycloak-dist.zip"),
                25432, 28180, 28081, 28082, 28080, true);
        List<LoadRun.Result> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (Stack stack = Stack.start(config, false)) {
            stack.addCapacityInstance(28083);
            TokenClient tokens = new TokenClient(config.realmUrl());
            ManagedChannel a = ManagedChannelBuilder.forAddress("localhost", 28081).usePlaintext().build();
            ManagedChannel b = ManagedChannelBuilder.forAddress("localhost", 28083).usePlaintext().build();
            CapacityServiceFutureStub coordinator = CapacityServiceGrpc.newFutureStub(a)
                    .withCallCredentials(new BearerToken(tokens.password("coordinator", "coordinator")));
            List<GeoPoint> positions = register(coordinator);
            warmUp(coordinator, positions);

            // With a token: the no-op pays the token check the measured calls pay (proactive authentication).
            HealthGrpc.HealthFutureStub health = HealthGrpc.newFutureStub(a)
                    .withCallCredentials(new BearerToken(tokens.password("coordinator", "coordinator")));
            results.add(LoadRun.openLoop("no-op gRPC (health check, with a token) @ " + reportRate + "/s", reportRate,
                    Duration.ofSeconds(Math.min(seconds, 20)), 20_000, i -> health.check(HealthCheckRequest.getDefaultInstance())));

            coordinator = CapacityServiceGrpc.newFutureStub(a)
                    .withCallCredentials(new BearerToken(tokens.password("coordinator", "coordinator")));
            CapacityServiceFutureStub reporter = coordinator;
            results.add(LoadRun.openLoop("PublishCapacity @ " + reportRate + "/s (open loop)", reportRate,
                    Duration.ofSeconds(seconds), 20_000, i -> reporter.publishCapacity(report(i))));
            // The ceiling: what this machine's PostgreSQL commits durably, measured just before the saturation phase.
            java.util.Optional<Double> ceiling = PgbenchCeiling.measure(stack.postgres(), Math.min(seconds, 20));
            long serviceCpu = ProcessCpu.ofService("capacity-service");
            long postgresCpu = ProcessCpu.ofPostgres();
            long generatorCpu = ProcessCpu.ofLoadGenerator();
            long machineCpu = ProcessCpu.ofMachine();
            // Instance A's transactions of reports (group commit): how many, their seconds, the reports they carried.
            String metricsA = "http://localhost:" + config.capacityPort() + "/q/metrics";
            String[] batchMeters = {"renfort_capacity_report_batch_seconds_count", "renfort_capacity_report_batch_seconds_sum",
                    "renfort_capacity_report_batch_size_sum"};
            double[] batchesBefore = PhaseHistograms.totals(metricsA, batchMeters);
            LoadRun.Result saturation = LoadRun.closedLoop("PublishCapacity, 32 in flight (saturation)", 32,
                    Duration.ofSeconds(Math.min(seconds, 30)), i -> reporter.publishCapacity(report(i + 10_000_000L)));
            results.add(saturation);
            notes.add(String.format(Locale.ROOT, "CPU per report at saturation: capacity-service %.2f ms (both instances: "
                            + "the other one follows the change log), PostgreSQL %.2f ms, load generator %.2f ms, "
                            + "whole machine %.2f ms (%d cores)",
                    (ProcessCpu.ofService("capacity-service") - serviceCpu) / 1e6 / saturation.ok(),
                    (ProcessCpu.ofPostgres() - postgresCpu) / 1e6 / saturation.ok(),
                    (ProcessCpu.ofLoadGenerator() - generatorCpu) / 1e6 / saturation.ok(),
                    (ProcessCpu.ofMachine() - machineCpu) / 1e6 / saturation.ok(), Runtime.getRuntime().availableProcessors()));
            double[] batches = PhaseHistograms.totals(metricsA, batchMeters);
            double transactions = batches[0] - batchesBefore[0];
            notes.add(String.format(Locale.ROOT, "transactions of reports at saturation, instance A: %.0f, %.1f reports each, "
                            + "%.1f ms each from first statement to commit (mean)", transactions,
                    (batches[2] - batchesBefore[2]) / transactions, (batches[1] - batchesBefore[1]) * 1000 / transactions));
            notes.add("resident memory right after the saturation phase: capacity-service " + ServiceFootprint.memory("capacity-service"));
            ceiling.ifPresent(tps -> notes.add(String.format(Locale.ROOT,
                    "ceiling: pgbench -N, 8 clients, %d s: %.0f transactions/s; PublishCapacity at saturation = %.2f x the ceiling",
                    Math.min(seconds, 20), tps, saturation.requestsPerSecond() / tps)));

            results.add(LoadRun.openLoop("no-op gRPC (health check, with a token) @ " + findRate + "/s", findRate,
                    Duration.ofSeconds(Math.min(seconds, 20)), 20_000, i -> health.check(HealthCheckRequest.getDefaultInstance())));
            CapacityServiceFutureStub finder = CapacityServiceGrpc.newFutureStub(a)
                    .withCallCredentials(new BearerToken(tokens.password("dispatcher", "dispatcher")));
            Random random = new Random(7);
            LoadRun.openLoop("warm-up", findRate, Duration.ofSeconds(10), 20_000, i -> finder.findBeds(search(random, positions)));
            results.add(LoadRun.openLoop("FindBeds @ " + findRate + "/s, 300 hospitals x 12 categories", findRate,
                    Duration.ofSeconds(Math.min(seconds, 30)), 20_000, i -> finder.findBeds(search(random, positions))));

            notes.add(crossInstance(tokens, a, b, Math.min(seconds, 20), results));
            notes.add("capacity-service from JVM launch to ready, restarted alone on the idle stack: "
                    + ServiceFootprint.startToReady(stack, "capacity-service"));
            a.shutdownNow();
            b.shutdownNow();
        }
        System.out.println();
        System.out.println("| measurement | throughput (ok/s) | ok | failed | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (LoadRun.Result r : results) {
            System.out.println(String.format(Locale.ROOT, "| %s | %.0f | %d | %d | %.2f | %.2f | %.2f |", r.name(),
                    r.requestsPerSecond(), r.ok(), r.failed(), r.p50(), r.p99(), r.max()));
        }
        notes.forEach(System.out::println);
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version"));
    }

    /** Reports through instance A at a steady rate; a watcher of instance B times their arrival. */
    private static String crossInstance(TokenClient tokens, ManagedChannel a, ManagedChannel b, int seconds,
                                        List<LoadRun.Result> results) throws InterruptedException {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Histogram latency = new Histogram(3);
        java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        var watcher = CapacityServiceGrpc.newStub(b).withCallCredentials(new BearerToken(tokens.password("dispatcher", "dispatcher")));
        io.grpc.Context.CancellableContext watching = io.grpc.Context.current().withCancellation();
        watching.run(() -> watcher.watchRegion(WatchRegionRequest.getDefaultInstance(), new StreamObserver<>() {
            @Override
            public void onNext(WatchRegionResponse value) {
                if (value.hasChange() && value.getChange().getKind() == ChangeKind.CHANGE_KIND_CAPACITY_REPORTED) {
                    long now = System.nanoTime();
                    for (CategoryPicture c : value.getChange().getHospital().getCategoriesList()) {
                        Long start = sent.remove(value.getChange().getHospital().getHospital().getHospitalId() + "|"
                                + c.getFreshness().getReportedAt());
                        if (start != null) {
                            synchronized (latency) {
                                latency.recordValue((now - start) / 1_000);
                            }
                            received.incrementAndGet();
                        }
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                System.err.println("watch failed: " + t);
            }

            @Override
            public void onCompleted() {
            }
        }));
        Thread.sleep(1_000);
        CapacityServiceFutureStub publisher = CapacityServiceGrpc.newFutureStub(a)
                .withCallCredentials(new BearerToken(tokens.password("coordinator", "coordinator")));
        int rate = 100;
        long start = System.nanoTime();
        for (long i = 0; i < (long) rate * seconds; i++) {
            long intended = start + i * (1_000_000_000L / rate);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            PublishCapacityRequest request = report(20_000_000L + i);
            sent.put(request.getHospitalId() + "|" + request.getReportedAt(), System.nanoTime());
            publisher.publishCapacity(request);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sent.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        watching.cancel(null);
        results.add(new LoadRun.Result("report via instance A -> watcher on instance B (" + rate + " reports/s)",
                received.get() / (double) seconds, received.get(), sent.size(), latency));
        return "cross-instance: " + received.get() + " reports seen by the other instance's watcher, " + sent.size() + " missing";
    }

    private static FindBedsRequest search(Random random, List<GeoPoint> positions) {
        return FindBedsRequest.newBuilder().setCategory(CATEGORIES.get(random.nextInt(CATEGORIES.size())))
                .setOriginPosition(positions.get(random.nextInt(HOSPITALS))).setMaxTravelMinutes(120).setLimit(10).build();
    }

    private static List<GeoPoint> register(CapacityServiceFutureStub coordinator) throws Exception {
        Random random = new Random(42);
        List<GeoPoint> positions = new ArrayList<>();
        List<com.google.common.util.concurrent.ListenableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < HOSPITALS; i++) {
            GeoPoint position = GeoPoint.newBuilder().setLatitude(16.0 + random.nextDouble()).setLongitude(-61.8 + random.nextDouble()).build();
            positions.add(position);
            pending.add(coordinator.createHospital(CreateHospitalRequest.newBuilder().setIdempotencyKey("bench-hospital-" + i)
                    .setHospital(Hospital.newBuilder().setHospitalId(hospitalId(i)).setName("Bench hospital " + i)
                            .setKind(HospitalKind.HOSPITAL_KIND_GENERAL_HOSPITAL).setLocation(position)
                            .setDepartment("971").setHasEmergencyDepartment(true)).build()));
        }
        for (var p : pending) {
            p.get(60, TimeUnit.SECONDS);
        }
        return positions;
    }

    /** Every hospital reports every category once, then a short burst warms the JIT of both sides. */
    private static void warmUp(CapacityServiceFutureStub coordinator, List<GeoPoint> positions) throws Exception {
        List<com.google.common.util.concurrent.ListenableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < HOSPITALS; i++) {
            PublishCapacityRequest.Builder full = PublishCapacityRequest.newBuilder().setHospitalId(hospitalId(i))
                    .setReportedAt(now()).setIdempotencyKey(UUID.randomUUID().toString());
            for (BedCategory category : CATEGORIES) {
                full.addBeds(BedCount.newBuilder().setCategory(category).setStaffed(40).setOccupied(30).setAvailable(8));
            }
            pending.add(coordinator.publishCapacity(full.build()));
        }
        for (var p : pending) {
            p.get(120, TimeUnit.SECONDS);
        }
        LoadRun.closedLoop("warm-up", 16, Duration.ofSeconds(15), i -> coordinator.publishCapacity(report(30_000_000L + i)));
    }

    /**
     * Report number i: the hospital changes from one report to the next (as when many hospitals
     * report, each on its own schedule), the category every 300 reports, so that a (hospital,
     * category) pair comes back only every 3,600 reports - never a stale refusal caused by the
     * benchmark itself. (Until 2026-12-05 the category rotated first: 12 reports in a row for the
     * same hospital, which queued the 32 in flight on two or three hospitals' locks.)
     */
    static PublishCapacityRequest report(long i) {
        int hospital = (int) (i % HOSPITALS);
        int category = (int) ((i / HOSPITALS) % CATEGORIES.size());
        int occupied = 20 + (int) (i % 17);
        return PublishCapacityRequest.newBuilder().setHospitalId(hospitalId(hospital)).setReportedAt(now())
                .setIdempotencyKey(UUID.randomUUID().toString())
                .addBeds(BedCount.newBuilder().setCategory(CATEGORIES.get(category))
                        .setStaffed(40).setOccupied(occupied).setAvailable(Math.max(0, 40 - occupied - 2)))
                .build();
    }

    static String hospitalId(int i) {
        return String.format(Locale.ROOT, "971%06d", i);
    }

    private static Timestamp now() {
        Instant now = Instant.now();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (var paths = java.nio.file.Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
    }
}
