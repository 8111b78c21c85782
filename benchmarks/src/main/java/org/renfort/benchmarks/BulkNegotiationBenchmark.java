package org.renfort.benchmarks;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import org.HdrHistogram.Histogram;
import org.renfort.devstack.Stack;
import org.renfort.devstack.StackConfig;
import org.renfort.devstack.TokenClient;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc;
import org.renfort.proto.capacity.v1.CreateHospitalRequest;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalKind;
import org.renfort.proto.common.v1.AgeBand;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.proto.plan.v1.ApprovePlanRequest;
import org.renfort.proto.plan.v1.ApprovePlanResponse;
import org.renfort.proto.plan.v1.PatientGroup;
import org.renfort.proto.plan.v1.Plan;
import org.renfort.proto.plan.v1.PlanRedistributionRequest;
import org.renfort.proto.plan.v1.PlanRules;
import org.renfort.proto.plan.v1.PlanServiceGrpc;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.testsupport.BearerToken;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A whole hospital's patients negotiated in bulk (issue #10): a plan of 500 patients over 60
 * hospitals is computed, approved in one call (500 transfers, each with a directed offer to its
 * planned hospital), and the 60 hospitals' simulated systems answer over WatchOffers after 5 to
 * 50 ms. Reports the plan and approval calls, placements per second from approval to the last
 * acceptance, each patient's approval-to-acceptance time, and the CPU time transfer-service and
 * capacity-service spent per placement, beside a no-op gRPC call measured in the same run.
 *
 * <pre>./mvnw -B -q install -DskipTests -DskipITs &&
 * java -cp benchmarks/target/benchmarks.jar org.renfort.benchmarks.BulkNegotiationBenchmark</pre>
 * System properties: bench.patients (500), bench.hospitals (60), bench.acceptProbability (1.0; below
 * 1 a decline sends the patient to the region's negotiation), bench.maxAnswerDelayMs (50).
 */
public final class BulkNegotiationBenchmark {
    private static final String ORIGIN = "590099990";

    public static void main(String[] args) throws Exception {
        int patients = Integer.getInteger("bench.patients", 500);
        int hospitals = Integer.getInteger("bench.hospitals", 60);
        double acceptProbability = Double.parseDouble(System.getProperty("bench.acceptProbability", "1.0"));
        int maxAnswerDelayMs = Integer.getInteger("bench.maxAnswerDelayMs", 50);
        int warmUp = Integer.getInteger("bench.warmUp", 100);
        StackConfig config = TransferBenchmark.freshStack("bulk-stack");
        List<String> lines = new ArrayList<>();
        try (Stack stack = Stack.start(config)) {
            TokenClient tokens = new TokenClient(config.realmUrl());
            String coordinator = tokens.password("coordinator", "coordinator");
            ManagedChannel capacityChannel = ManagedChannelBuilder.forAddress("localhost", config.capacityPort()).usePlaintext().build();
            ManagedChannel transferChannel = ManagedChannelBuilder.forAddress("localhost", config.transferPort()).usePlaintext().build();
            var capacity = CapacityServiceGrpc.newBlockingStub(capacityChannel).withCallCredentials(new BearerToken(coordinator));
            // Enough beds everywhere for the warm-up, the measured plan and the usable share (80 %).
            List<String> ids = TransferBenchmark.register(capacity, hospitals, 2 * (patients + warmUp));
            capacity.createHospital(CreateHospitalRequest.newBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                    .setHospital(Hospital.newBuilder().setHospitalId(ORIGIN).setName("Evacuated hospital")
                            .setKind(HospitalKind.HOSPITAL_KIND_GENERAL_HOSPITAL).setDepartment("59")
                            .setLocation(GeoPoint.newBuilder().setLatitude(50.688).setLongitude(2.881))).build());

            Hospitals systems = new Hospitals(transferChannel, SimulatedHospitalSystems.ownTokens(config.realmUrl(), ids),
                    acceptProbability, maxAnswerDelayMs);
            ids.forEach(systems::watch);
            Thread.sleep(2_000);
            var plans = PlanServiceGrpc.newBlockingStub(transferChannel).withCallCredentials(new BearerToken(coordinator));

            // With a token: the no-op pays the token check the measured calls pay (proactive authentication).
            HealthGrpc.HealthFutureStub health = HealthGrpc.newFutureStub(transferChannel).withCallCredentials(new BearerToken(coordinator));
            LoadRun.Result noop = LoadRun.openLoop("no-op gRPC (health check, with a token) @ 100/s", 100, Duration.ofSeconds(10), 1_000,
                    i -> health.check(HealthCheckRequest.getDefaultInstance()));

            // Warm-up: the same path, not measured, so that the services run compiled code.
            Run warm = systems.run(plans, "warm-up", warmUp);
            System.out.printf(Locale.ROOT, "warm-up: %d placed%n", warm.placed.getTotalCount());

            Cpu before = Cpu.now();
            Run measured = systems.run(plans, "bulk", patients);
            Cpu after = Cpu.now();
            long placed = measured.placed.getTotalCount();

            lines.add("| measurement | n | p50 ms | p99 ms | max ms |");
            lines.add("|---|---|---|---|---|");
            lines.add(TransferBenchmark.row(noop.name(), noop.ok(), noop.latency()));
            lines.add(String.format(Locale.ROOT, "| PlanRedistribution: %d patients x %d hospitals (read picture, solve, store) | 1 | %.1f | | |",
                    patients, hospitals, measured.planMs));
            lines.add(String.format(Locale.ROOT, "| ApprovePlan: %d transfers created in one transaction | 1 | %.1f | | |",
                    measured.transfersCreated, measured.approveMs));
            lines.add(TransferBenchmark.row("approval sent to the patient's first offer seen by its hospital",
                    measured.firstOffer.getTotalCount(), measured.firstOffer));
            lines.add(TransferBenchmark.row("approval sent to the patient's acceptance", placed, measured.placed));
            lines.add(String.format(Locale.ROOT, "bulk: %d of %d placed, the last %.1f s after the approval was sent: "
                            + "%.1f placements per second; %d offers (%d to a hospital other than the planned one)",
                    placed, patients, measured.seconds, placed / measured.seconds, measured.offers, measured.offersElsewhere));
            lines.add(String.format(Locale.ROOT, "CPU per placement (plan, approval, offers, holds, answers): transfer-service %.2f ms, "
                            + "capacity-service %.2f ms, gateway not involved",
                    (after.transfer - before.transfer) / 1e6 / placed, (after.capacity - before.capacity) / 1e6 / placed));
            lines.add("resident memory right after the bulk negotiation: transfer-service " + ServiceFootprint.memory("transfer-service")
                    + "; capacity-service " + ServiceFootprint.memory("capacity-service"));
            systems.close();
            lines.add("transfer-service from JVM launch to ready, restarted alone on the idle stack: "
                    + ServiceFootprint.startToReady(stack, "transfer-service"));
            capacityChannel.shutdownNow();
            transferChannel.shutdownNow();
        }
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version"));
    }

    /** CPU time consumed so far by the service processes this benchmark started, in nanoseconds. */
    private record Cpu(long transfer, long capacity) {
        static Cpu now() {
            return new Cpu(ProcessCpu.ofService("transfer-service"), ProcessCpu.ofService("capacity-service"));
        }
    }

    private record Run(Histogram firstOffer, Histogram placed, double seconds, double planMs, double approveMs,
                       int transfersCreated, long offers, long offersElsewhere) {
    }

    /** Plans, approves, and lets the simulated hospital systems answer every offer. */
    private static final class Hospitals {
        private final SimulatedHospitalSystems systems;
        private final Map<String, Long> firstOffer;
        private final Map<String, Long> accepted;
        private final Map<String, String> plannedHospital = new ConcurrentHashMap<>();
        private final AtomicLong offers;
        private final AtomicLong offersElsewhere = new AtomicLong();

        Hospitals(ManagedChannel channel, java.util.function.Function<String, String> tokenOfHospital,
                  double acceptProbability, int maxAnswerDelayMs) {
            this.systems = new SimulatedHospitalSystems(channel, tokenOfHospital, acceptProbability, maxAnswerDelayMs, offer -> {
                if (!offer.getHospitalId().equals(plannedHospital.get(offer.getTransferId()))) {
                    offersElsewhere.incrementAndGet();
                }
            });
            this.firstOffer = systems.firstOffer;
            this.accepted = systems.accepted;
            this.offers = systems.offers;
        }

        void watch(String hospital) {
            systems.watch(hospital);
        }

        /** Plans {@code patients} patients of the evacuated hospital, approves the whole plan, waits for every acceptance. */
        Run run(PlanServiceGrpc.PlanServiceBlockingStub plans, String name, int patients) throws InterruptedException {
            PlanRedistributionRequest.Builder request = PlanRedistributionRequest.newBuilder()
                    .setRules(PlanRules.newBuilder().setUsablePercent(80)).setIdempotencyKey(UUID.randomUUID().toString());
            Acuity[] acuities = {Acuity.ACUITY_IMMEDIATE, Acuity.ACUITY_URGENT, Acuity.ACUITY_URGENT, Acuity.ACUITY_PLANNED,
                    Acuity.ACUITY_PLANNED};
            int groups = acuities.length;
            for (int g = 0; g < groups; g++) {
                int count = patients / groups + (g < patients % groups ? 1 : 0);
                request.addGroups(PatientGroup.newBuilder().setReference(name + "-" + g)
                        .setOrigin(Origin.newBuilder().setHospitalId(ORIGIN)).setCount(count)
                        .setBedCategory(BedCategory.BED_CATEGORY_ADULT_ICU).setAcuity(acuities[g])
                        .setAgeBand(AgeBand.AGE_BAND_ADULT).setMaxTravelMinutes(240));
            }
            long planStart = System.nanoTime();
            Plan plan = plans.withDeadlineAfter(60, TimeUnit.SECONDS).planRedistribution(request.build()).getPlan();
            double planMs = (System.nanoTime() - planStart) / 1e6;
            long start = System.nanoTime();
            ApprovePlanResponse approved = plans.withDeadlineAfter(120, TimeUnit.SECONDS).approvePlan(ApprovePlanRequest.newBuilder()
                    .setPlanId(plan.getPlanId()).setIdempotencyKey(UUID.randomUUID().toString()).build());
            double approveMs = (System.nanoTime() - start) / 1e6;
            Set<String> transfers = ConcurrentHashMap.newKeySet();
            approved.getPlan().getAssignmentsList().forEach(a -> {
                if (!a.getTransferId().isEmpty()) {
                    transfers.add(a.getTransferId());
                    plannedHospital.put(a.getTransferId(), a.getHospitalId());
                }
            });
            long offersBefore = offers.get();
            long elsewhereBefore = offersElsewhere.get();
            Instant deadline = Instant.now().plusSeconds(300);
            while (Instant.now().isBefore(deadline) && !transfers.stream().allMatch(accepted::containsKey)) {
                Thread.sleep(20);
            }
            Histogram first = new Histogram(3);
            Histogram placed = new Histogram(3);
            long last = start;
            for (String id : transfers) {
                Optional.ofNullable(firstOffer.get(id)).ifPresent(t -> first.recordValue(Math.max(1, (t - start) / 1_000)));
                Long at = accepted.get(id);
                if (at != null) {
                    placed.recordValue(Math.max(1, (at - start) / 1_000));
                    last = Math.max(last, at);
                }
            }
            return new Run(first, placed, (last - start) / 1e9, planMs, approveMs, approved.getTransfersCreated(),
                    offers.get() - offersBefore, offersElsewhere.get() - elsewhereBefore);
        }

        void close() {
            systems.close();
        }
    }
}
