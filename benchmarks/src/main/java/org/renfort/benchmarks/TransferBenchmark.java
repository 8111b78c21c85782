package org.renfort.benchmarks;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import org.HdrHistogram.Histogram;
import org.renfort.devstack.Stack;
import org.renfort.devstack.StackConfig;
import org.renfort.devstack.TokenClient;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalKind;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.Offer;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.proto.transfer.v1.Transfer;
import org.renfort.proto.transfer.v1.TransferRequirements;
import org.renfort.proto.transfer.v1.TransferServiceGrpc;
import org.renfort.testsupport.BearerToken;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * transfer-service negotiating under load, as the issue asks: 500 transfer requests submitted at
 * once against 60 hospitals whose simulated systems watch their offers (WatchOffers) and accept
 * or decline at random after a short delay. Reports requests per second to acceptance, time to
 * placement, and the service's own overhead per negotiation step (request stored to first offer
 * sent: FindBeds and PlaceHold in capacity-service included), at light load and in the burst,
 * beside a no-op unary gRPC call (health check) measured in the same run.
 *
 * <pre>./mvnw -B -q install -DskipTests -DskipITs &&
 * java -cp benchmarks/target/benchmarks.jar org.renfort.benchmarks.TransferBenchmark</pre>
 * System properties: bench.transfers (500), bench.hospitals (60), bench.acceptProbability (0.5),
 * bench.maxAnswerDelayMs (50).
 */
public final class TransferBenchmark {

    static final String PHASE_METRIC = "renfort_negotiation_phase_seconds";
    static final String CALLS_MADE = "grpc_client_processing_duration_seconds";
    static final String CALLS_SERVED = "grpc_server_processing_duration_seconds";
    static final Set<String> CAPACITY_CALLS = Set.of("FindBeds", "PlaceHolds", "PlaceHold");

    public static void main(String[] args) throws Exception {
        int transfers = Integer.getInteger("bench.transfers", 500);
        int hospitals = Integer.getInteger("bench.hospitals", 60);
        double acceptProbability = Double.parseDouble(System.getProperty("bench.acceptProbability", "0.5"));
        int maxAnswerDelayMs = Integer.getInteger("bench.maxAnswerDelayMs", 50);
        StackConfig config = freshStack("transfer-stack");
        List<String> lines = new ArrayList<>();
        try (Stack stack = Stack.start(config)) {
            TokenClient tokens = new TokenClient(config.realmUrl());
            String coordinatorToken = tokens.password("coordinator", "coordinator");
            ManagedChannel capacityChannel = ManagedChannelBuilder.forAddress("localhost", config.capacityPort()).usePlaintext().build();
            ManagedChannel transferChannel = ManagedChannelBuilder.forAddress("localhost", config.transferPort()).usePlaintext().build();
            List<String> ids = register(CapacityServiceGrpc.newBlockingStub(capacityChannel)
                    .withCallCredentials(new BearerToken(coordinatorToken)), hospitals,
                    transfers + Integer.getInteger("bench.warmUp", 300) * 4 / 3 + Integer.getInteger("bench.lightRequests", 100));

            Simulation simulation = new Simulation(transferChannel, coordinatorToken,
                    SimulatedHospitalSystems.ownTokens(config.realmUrl(), ids), acceptProbability, maxAnswerDelayMs);
            ids.forEach(simulation::watch);
            Thread.sleep(2_000);

            // With a token: the no-op pays the token check the measured calls pay (proactive authentication).
            HealthGrpc.HealthFutureStub health = HealthGrpc.newFutureStub(transferChannel)
                    .withCallCredentials(new BearerToken(coordinatorToken));
            LoadRun.Result noop = LoadRun.openLoop("no-op gRPC (health check, with a token) @ 100/s", 100, Duration.ofSeconds(10), 1_000,
                    i -> health.check(HealthCheckRequest.getDefaultInstance()));

            // Warm-up: the same path, not measured, so that the services run compiled code.
            int warmUp = Integer.getInteger("bench.warmUp", 300);
            simulation.run("warm-up", warmUp, 0);
            simulation.run("warm-up, paced", warmUp / 3, 20);
            // Light load: one request every 100 ms, nothing else running.
            int lightCount = Integer.getInteger("bench.lightRequests", 100);
            String metrics = "http://localhost:" + config.transferPort() + "/q/metrics";
            String capacityMetrics = "http://localhost:" + config.capacityPort() + "/q/metrics";
            PhaseHistograms.Snapshot beforeLight = PhaseHistograms.read(metrics, PHASE_METRIC);
            PhaseHistograms.Snapshot callsMadeBeforeLight = PhaseHistograms.readCalls(metrics, CALLS_MADE, CAPACITY_CALLS);
            PhaseHistograms.Snapshot callsServedBeforeLight = PhaseHistograms.readCalls(capacityMetrics, CALLS_SERVED, CAPACITY_CALLS);
            // Nothing submitted for a few seconds: what the stack spends with no request in flight
            // (the hospitals' watches, the scheduler's passes), the floor under the light load's figures.
            ProcessCpu.Sample cpuBeforeIdle = ProcessCpu.Sample.now();
            Thread.sleep(Integer.getInteger("bench.idleSeconds", 5) * 1_000L);
            ProcessCpu.Sample cpuAfterIdle = ProcessCpu.Sample.now();
            Phase light = simulation.run("light load: " + lightCount + " requests, one every 100 ms", lightCount, 100);
            ProcessCpu.Sample cpuAfterLight = ProcessCpu.Sample.now();
            PhaseHistograms.Snapshot afterLight = PhaseHistograms.read(metrics, PHASE_METRIC);
            PhaseHistograms.Snapshot callsMadeAfterLight = PhaseHistograms.readCalls(metrics, CALLS_MADE, CAPACITY_CALLS);
            PhaseHistograms.Snapshot callsServedAfterLight = PhaseHistograms.readCalls(capacityMetrics, CALLS_SERVED, CAPACITY_CALLS);
            // The burst: every request at once.
            ProcessCpu.Sample cpuBeforeBurst = ProcessCpu.Sample.now();
            Phase burst = simulation.run("burst: " + transfers + " requests at once against " + hospitals + " hospitals", transfers, 0);
            ProcessCpu.Sample cpuAfterBurst = ProcessCpu.Sample.now();
            PhaseHistograms.Snapshot afterBurst = PhaseHistograms.read(metrics, PHASE_METRIC);
            PhaseHistograms.Snapshot callsMadeAfterBurst = PhaseHistograms.readCalls(metrics, CALLS_MADE, CAPACITY_CALLS);
            PhaseHistograms.Snapshot callsServedAfterBurst = PhaseHistograms.readCalls(capacityMetrics, CALLS_SERVED, CAPACITY_CALLS);

            lines.add("| measurement | n | p50 ms | p99 ms | max ms |");
            lines.add("|---|---|---|---|---|");
            lines.add(row(noop.name(), noop.ok(), noop.latency()));
            for (Phase phase : List.of(light, burst)) {
                lines.add(row(phase.name + " - request to first offer seen by the hospital", phase.firstOffer.getTotalCount(), phase.firstOffer));
                lines.add(row(phase.name + " - service step: stored to first offer sent (server clock)", phase.step.getTotalCount(), phase.step));
                lines.add(row(phase.name + " - request to acceptance (placement)", phase.placed.getTotalCount(), phase.placed));
            }
            lines.add(String.format(Locale.ROOT, "burst: %d of %d placed in %.1f s: %.1f requests per second to acceptance; "
                            + "%d offers, %d accepts refused (another hospital was first)",
                    burst.placed.getTotalCount(), transfers, burst.seconds, burst.placed.getTotalCount() / burst.seconds,
                    burst.offers, burst.lostRaces));
            lines.add("idle after the warm-up, " + cpuAfterIdle.coresBusySince(cpuBeforeIdle));
            lines.add("light load, " + cpuAfterLight.coresBusySince(cpuAfterIdle));
            lines.add("burst, " + cpuAfterBurst.coresBusySince(cpuBeforeBurst));
            lines.add("");
            lines.add("Where the light load's negotiation rounds spent their time (transfer-service's phase timers; "
                    + "first_round = handoff to offers open, after the request's own commit):");
            lines.addAll(PhaseHistograms.rows(beforeLight, afterLight));
            lines.add("");
            lines.add("Its calls to capacity-service, as transfer-service saw them (gRPC client timer, all instances of a call):");
            lines.addAll(PhaseHistograms.rows("call made", callsMadeBeforeLight, callsMadeAfterLight));
            lines.add("and as capacity-service served them (gRPC server timer: from the call's arrival to its answer, commit included):");
            lines.addAll(PhaseHistograms.rows("call served", callsServedBeforeLight, callsServedAfterLight));
            lines.add("");
            lines.add("The same during the burst (rounds of a scheduler pass run together):");
            lines.addAll(PhaseHistograms.rows(afterLight, afterBurst));
            lines.addAll(PhaseHistograms.rows("call made", callsMadeAfterLight, callsMadeAfterBurst));
            lines.addAll(PhaseHistograms.rows("call served", callsServedAfterLight, callsServedAfterBurst));
            simulation.close();
            capacityChannel.shutdownNow();
            transferChannel.shutdownNow();
        }
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version"));
    }

    /** The whole stack on the benchmarks' ports, its state under benchmarks/target/{@code name}, PostgreSQL's data wiped. */
    static StackConfig freshStack(String name) throws java.io.IOException {
        Path root = Path.of(System.getProperty("renfort.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("benchmarks/target/" + name);
        CapacityBenchmark.deleteTree(work.resolve("pgdata"));
        return new StackConfig(root, work, root.resolve("devstack/target/keycloak-dist.zip"),
                25432, 28180, 28081, 28082, 28080, true);
    }

    static String row(String name, long n, Histogram h) {
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |", name, n,
                h.getValueAtPercentile(50) / 1_000.0, h.getValueAtPercentile(99) / 1_000.0, h.getMaxValue() / 1_000.0);
    }

    /** 60 hospitals around Lille, each with enough free adult ICU beds for its share of the patients. */
    static List<String> register(CapacityServiceGrpc.CapacityServiceBlockingStub coordinator, int hospitals, int transfers) {
        List<String> ids = new ArrayList<>();
        int beds = Math.max(10, 2 * (transfers + 100) / hospitals);
        for (int i = 0; i < hospitals; i++) {
            String id = String.format("59%07d", 1_000 + i);
            coordinator.createHospital(CreateHospitalRequest.newBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                    .setHospital(Hospital.newBuilder().setHospitalId(id).setName("Benchmark hospital " + i)
                            .setKind(HospitalKind.HOSPITAL_KIND_GENERAL_HOSPITAL).setDepartment("59").setHasEmergencyDepartment(true)
                            .setLocation(GeoPoint.newBuilder().setLatitude(50.3 + 0.1 * (i % 8)).setLongitude(2.6 + 0.12 * (i / 8))))
                    .build());
            Instant now = Instant.now();
            coordinator.publishCapacity(PublishCapacityRequest.newBuilder().setHospitalId(id)
                    .setReportedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                    .setIdempotencyKey(UUID.randomUUID().toString())
                    .addBeds(BedCount.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                            .setStaffed(beds + 10).setOccupied(10).setAvailable(beds)).build());
            ids.add(id);
        }
        return ids;
    }

    /** One phase's figures; offers and lost races are counted within the phase only. */
    private record Phase(String name, Histogram firstOffer, Histogram step, Histogram placed, double seconds,
                         long offers, long lostRaces) {
    }

    /** Submits transfer requests and lets the simulated hospital systems answer them. */
    private static final class Simulation {
        private final TransferServiceGrpc.TransferServiceBlockingStub blocking;
        private final TransferServiceGrpc.TransferServiceFutureStub submitter;
        private final SimulatedHospitalSystems systems;
        private final Map<String, Long> submitted = new ConcurrentHashMap<>();
        private final Map<String, Long> firstOffer;
        private final Map<String, Long> accepted;
        final java.util.concurrent.atomic.AtomicLong offers;
        final java.util.concurrent.atomic.AtomicLong lostRaces;

        Simulation(ManagedChannel channel, String token, java.util.function.Function<String, String> tokenOfHospital,
                   double acceptProbability, int maxAnswerDelayMs) {
            this.blocking = TransferServiceGrpc.newBlockingStub(channel).withCallCredentials(new BearerToken(token));
            this.submitter = TransferServiceGrpc.newFutureStub(channel).withCallCredentials(new BearerToken(token));
            this.systems = new SimulatedHospitalSystems(channel, tokenOfHospital, acceptProbability, maxAnswerDelayMs, offer -> { });
            this.firstOffer = systems.firstOffer;
            this.accepted = systems.accepted;
            this.offers = systems.offers;
            this.lostRaces = systems.lostRaces;
        }

        void watch(String hospital) {
            systems.watch(hospital);
        }

        Phase run(String name, int count, long intervalMs) throws Exception {
            long offersBefore = offers.get();
            long lostRacesBefore = lostRaces.get();
            System.out.println("[bench] " + Instant.now() + " " + name); // to line up a profile or a statement log with the phase
            List<String> ids = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (intervalMs > 0) {
                    long due = start + TimeUnit.MILLISECONDS.toNanos(intervalMs * i);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                CreateTransferRequest request = request(i);
                long sent = System.nanoTime();
                var future = submitter.createTransfer(request);
                Futures.addCallback(future, new FutureCallback<>() {
                    public void onSuccess(org.renfort.proto.transfer.v1.CreateTransferResponse r) {
                        submitted.put(r.getTransfer().getTransferId(), sent);
                        synchronized (ids) {
                            ids.add(r.getTransfer().getTransferId());
                        }
                    }

                    public void onFailure(Throwable t) {
                        System.err.println("request refused: " + t);
                    }
                }, MoreExecutors.directExecutor());
            }
            Instant deadline = Instant.now().plusSeconds(180);
            while (Instant.now().isBefore(deadline)) {
                synchronized (ids) {
                    if (ids.size() == count && ids.stream().allMatch(accepted::containsKey)) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            Histogram first = new Histogram(3);
            Histogram placed = new Histogram(3);
            Histogram step = new Histogram(3);
            long last = start;
            List<String> done;
            synchronized (ids) {
                done = List.copyOf(ids);
            }
            for (String id : done) {
                Long sent = submitted.get(id);
                Long offer = firstOffer.get(id);
                Long acceptedAt = accepted.get(id);
                if (offer != null) {
                    first.recordValue(Math.max(1, (offer - sent) / 1_000));
                }
                if (acceptedAt != null) {
                    placed.recordValue(Math.max(1, (acceptedAt - sent) / 1_000));
                    last = Math.max(last, acceptedAt);
                }
                Transfer t = blocking.getTransfer(GetTransferRequest.newBuilder().setTransferId(id).build()).getTransfer();
                t.getOffersList().stream().filter(Offer::hasOfferedAt)
                        .mapToLong(o -> o.getOfferedAt().getSeconds() * 1_000_000 + o.getOfferedAt().getNanos() / 1_000).min()
                        .ifPresent(offered -> step.recordValue(Math.max(1,
                                offered - (t.getCreatedAt().getSeconds() * 1_000_000 + t.getCreatedAt().getNanos() / 1_000))));
            }
            return new Phase(name, first, step, placed, (last - start) / 1e9,
                    offers.get() - offersBefore, lostRaces.get() - lostRacesBefore);
        }

        private static CreateTransferRequest request(int i) {
            Acuity acuity = i % 5 == 0 ? Acuity.ACUITY_IMMEDIATE : Acuity.ACUITY_URGENT;
            return CreateTransferRequest.newBuilder()
                    .setOrigin(Origin.newBuilder().setPosition(GeoPoint.newBuilder().setLatitude(50.6 + (i % 7) * 0.02)
                            .setLongitude(3.0 + (i % 5) * 0.02)))
                    .setRequirements(TransferRequirements.newBuilder().setPatientReference("BENCH-" + UUID.randomUUID())
                            .setAgeBand(AgeBand.AGE_BAND_ADULT).setBedCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                            .setAcuity(acuity).setMaxTravelMinutes(180))
                    .setIdempotencyKey(UUID.randomUUID().toString()).build();
        }

        void close() {
            systems.close();
        }
    }
}
