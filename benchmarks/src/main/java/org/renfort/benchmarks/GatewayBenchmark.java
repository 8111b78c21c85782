package org.renfort.benchmarks;

import com.google.protobuf.Timestamp;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.renfort.devstack.Stack;
import org.renfort.devstack.StackConfig;
import org.renfort.devstack.TokenClient;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CapacityServiceGrpc;
import org.renfort.proto.capacity.v1.GetHospitalCapacityRequest;
import org.renfort.proto.capacity.v1.PublishCapacityRequest;
import org.renfort.proto.common.v1.BedCategory;
import org.renfort.testsupport.BearerToken;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The gateway (issue #12). First its cost as a REST front: the same read - a hospital's capacity
 * - at 500/s through the gateway (HTTP/1.1, JSON) and straight to capacity-service over gRPC,
 * with the same token, in the same run, after a warm-up of each. Then the live region over
 * Server-Sent Events: 1,000 clients follow
 * {@code /api/v1/region/events} on one gateway, each over its own HTTP/1.1 connection as a
 * browser would, while a hospital system publishes reports over gRPC. For every report and every
 * subscriber: the time from the report's acknowledgement (and from its sending) to the change
 * event reaching the subscriber. Also the gateway's memory per subscriber (RSS and heap after a
 * GC, before and after the subscribers connected) and the gateway's CPU per delivered event.
 *
 * <pre>./mvnw -B -q install -DskipTests -DskipITs &&
 * java -cp benchmarks/target/benchmarks.jar org.renfort.benchmarks.GatewayBenchmark</pre>
 * System properties: bench.restRate (500), bench.seconds (20, per round), bench.rounds (3), bench.warmUpSeconds (30),
 * bench.restHttp (HTTP_1_1 or HTTP_2),
 * bench.subscribers (1000; 0: the REST measurement only), bench.reports (60), bench.reportsPerSecond (2).
 */
public final class GatewayBenchmark {
    public static void main(String[] args) throws Exception {
        int subscribers = Integer.getInteger("bench.subscribers", 1_000);
        int reports = Integer.getInteger("bench.reports", 60);
        int perSecond = Integer.getInteger("bench.reportsPerSecond", 2);
        // One token at 500 calls/s is a load generator, not a caller to brake.
        System.setProperty("renfort.gateway.rate-limits", "off");
        StackConfig config = TransferBenchmark.freshStack("live-stack");
        List<String> lines = new ArrayList<>();
        try (Stack stack = Stack.start(config)) {
            TokenClient tokens = new TokenClient(config.realmUrl());
            String coordinator = tokens.password("coordinator", "coordinator");
            ManagedChannel capacityChannel = ManagedChannelBuilder.forAddress("localhost", config.capacityPort()).usePlaintext().build();
            var capacity = CapacityServiceGrpc.newBlockingStub(capacityChannel).withCallCredentials(new BearerToken(coordinator));
            List<String> hospitals = TransferBenchmark.register(capacity, 20, 100);
            long gateway = gatewayPid();
            // One client first, as in any real morning: the gateway's channels are connected, its code warm.
            HttpResponse<String> first = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(config.gatewayUrl()
                    + "/api/v1/region")).header("Authorization", "Bearer " + coordinator).build(), HttpResponse.BodyHandlers.ofString());
            if (first.statusCode() != 200) {
                throw new IllegalStateException("the gateway answered " + first.statusCode());
            }
            restOverhead(config, coordinator, capacityChannel, hospitals.get(0), lines);
            if (subscribers == 0) {
                footprint(stack, lines);
                lines.forEach(System.out::println);
                return;
            }
            Memory idle = Memory.of(gateway);

            Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
            Map<Integer, Long> ackedAt = new ConcurrentHashMap<>();
            Recorder fromAck = new Recorder(3);
            Recorder fromSend = new Recorder(3);
            AtomicLong delivered = new AtomicLong();
            AtomicLong beforeAck = new AtomicLong();
            AtomicInteger snapshots = new AtomicInteger();
            CountDownLatch allSubscribed = new CountDownLatch(subscribers);
            List<CompletableFuture<?>> streams = new ArrayList<>();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < subscribers; i++) {
                // Each report sets a unique staffed figure (REPORT_BASE + its number): that is how an event is matched to its report.
                Subscriber subscriber = new Subscriber(data -> {
                    int marker = data.indexOf("\"staffed\":" + REPORT_MARK);
                    if (marker < 0) {
                        return;
                    }
                    long now = System.nanoTime();
                    int report = Integer.parseInt(data.substring(marker + 10 + REPORT_MARK.length(), data.indexOf(',', marker)));
                    Long acked = ackedAt.get(report);
                    if (acked == null) {
                        beforeAck.incrementAndGet();
                        fromAck.recordValue(0);
                    } else {
                        fromAck.recordValue(Math.max(0, (now - acked) / 1_000));
                    }
                    fromSend.recordValue((now - sentAt.get(report)) / 1_000);
                    delivered.incrementAndGet();
                }, () -> {
                    snapshots.incrementAndGet();
                    allSubscribed.countDown();
                });
                streams.add(http.sendAsync(HttpRequest.newBuilder(URI.create(config.gatewayUrl() + "/api/v1/region/events"))
                                .header("Authorization", "Bearer " + coordinator).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.fromLineSubscriber(subscriber)));
                if (i % 50 == 49) {
                    Thread.sleep(100);
                }
            }
            if (!allSubscribed.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + snapshots.get() + " of " + subscribers + " subscribers got their snapshot");
            }
            Memory subscribed = Memory.of(gateway);
            long gatewayCpuBefore = ProcessCpu.ofService("gateway");

            long interval = 1_000_000_000L / perSecond;
            long start = System.nanoTime();
            for (int r = 0; r < reports; r++) {
                long due = start + r * interval;
                while (System.nanoTime() < due) {
                    Thread.sleep(1);
                }
                String hospital = hospitals.get(r % hospitals.size());
                Instant now = Instant.now();
                sentAt.put(r, System.nanoTime());
                capacity.publishCapacity(PublishCapacityRequest.newBuilder().setHospitalId(hospital)
                        .setReportedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .addBeds(BedCount.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                                .setStaffed(Integer.parseInt(REPORT_MARK + r)).setOccupied(10).setAvailable(20))
                        .build());
                ackedAt.put(r, System.nanoTime());
            }
            long expected = (long) reports * subscribers;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (delivered.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long gatewayCpu = ProcessCpu.ofService("gateway") - gatewayCpuBefore;
            Histogram ack = fromAck.getIntervalHistogram();
            Histogram send = fromSend.getIntervalHistogram();
            streams.forEach(s -> s.cancel(true));

            lines.add(String.format(Locale.ROOT, "%d subscribers on one gateway, %d reports at %d/s: %d of %d events delivered (%d before "
                    + "the publisher had its acknowledgement, counted as 0)", subscribers, reports, perSecond, delivered.get(), expected,
                    beforeAck.get()));
            lines.add("| measurement | n | p50 ms | p99 ms | max ms |");
            lines.add("|---|---|---|---|---|");
            lines.add(TransferBenchmark.row("report acknowledged to the change event at a subscriber", ack.getTotalCount(), ack));
            lines.add(TransferBenchmark.row("report sent to the change event at a subscriber", send.getTotalCount(), send));
            lines.add(String.format(Locale.ROOT, "gateway memory per subscriber: RSS %.1f KiB, heap after GC %.1f KiB (idle: RSS %d MiB, "
                            + "heap %d MiB; with %d subscribers: RSS %d MiB, heap %d MiB)",
                    (subscribed.rss - idle.rss) / 1024.0 / subscribers, (subscribed.heap - idle.heap) / 1024.0 / subscribers,
                    idle.rss >> 20, idle.heap >> 20, subscribers, subscribed.rss >> 20, subscribed.heap >> 20));
            lines.add(String.format(Locale.ROOT, "gateway CPU per delivered event: %.1f us", gatewayCpu / 1e3 / Math.max(1, delivered.get())));
            footprint(stack, lines);
            capacityChannel.shutdownNow();
        }
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version"));
    }

    private static final String REPORT_MARK = "7";

    /**
     * The same read through the gateway and straight over gRPC, open loop at the same rate, warm-up
     * first, then measured alternately (gRPC, REST, gRPC, REST) so that both see the same machine.
     * The REST client is Vert.x's (one event loop, a pool of keep-alive connections; h2c with
     * prior knowledge for HTTP_2), not the JDK's, whose selector thread was the bottleneck.
     */
    private static void restOverhead(StackConfig config, String token, ManagedChannel capacityChannel, String hospital,
                                     List<String> lines) {
        int rate = Integer.getInteger("bench.restRate", 500);
        Duration duration = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
        HttpVersion version = HttpVersion.valueOf(System.getProperty("bench.restHttp", "HTTP_1_1"));
        URI gateway = URI.create(config.gatewayUrl());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        io.vertx.core.http.HttpClient http = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(version)
                        .setHttp2ClearTextUpgrade(false).setKeepAlive(true).setDefaultHost(gateway.getHost())
                        .setDefaultPort(gateway.getPort()),
                new PoolOptions().setHttp1MaxSize(64).setHttp2MaxSize(1));
        RequestOptions read = new RequestOptions().setMethod(HttpMethod.GET)
                .setURI("/api/v1/hospitals/" + hospital + "/capacity").putHeader("Authorization", "Bearer " + token);
        LongFunction<ListenableFuture<?>> rest = i -> {
            SettableFuture<Object> done = SettableFuture.create();
            http.request(read).compose(request -> request.send()).compose(response -> response.statusCode() == 200
                            ? response.body() : Future.failedFuture("HTTP " + response.statusCode()))
                    .onComplete(answer -> {
                        if (answer.succeeded()) {
                            done.set(answer.result());
                        } else {
                            done.setException(answer.cause());
                        }
                    });
            return done;
        };
        var grpc = CapacityServiceGrpc.newFutureStub(capacityChannel).withCallCredentials(new BearerToken(token));
        var request = GetHospitalCapacityRequest.newBuilder().setHospitalId(hospital).build();
        LongFunction<ListenableFuture<?>> direct = i -> grpc.getHospitalCapacity(request);
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("bench.warmUpSeconds", 30));
        int rounds = Integer.getInteger("bench.rounds", 3);
        LoadRun.openLoop("warm-up", rate, warmUp, 1_000, rest);
        LoadRun.openLoop("warm-up", rate, warmUp, 1_000, direct);
        List<LoadRun.Result> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            results.add(LoadRun.openLoop("GetHospitalCapacity straight to capacity-service over gRPC, round " + round,
                    rate, duration, 1_000, direct));
            results.add(LoadRun.openLoop("GET /api/v1/hospitals/{id}/capacity through the gateway (" + version + "), round " + round,
                    rate, duration, 1_000, rest));
        }
        lines.add("| measurement @ " + rate + "/s | n (failed) | p50 ms | p99 ms | max ms |");
        lines.add("|---|---|---|---|---|");
        for (LoadRun.Result r : results) {
            lines.add(String.format(Locale.ROOT, "| %s | %d (%d) | %.1f | %.1f | %.1f |", r.name(), r.ok(), r.failed(), r.p50(), r.p99(), r.max()));
        }
        for (int round = 0; round < rounds; round++) {
            LoadRun.Result viaGrpc = results.get(2 * round);
            LoadRun.Result viaGateway = results.get(2 * round + 1);
            lines.add(String.format(Locale.ROOT, "gateway overhead at %d/s, round %d: p50 %+.1f ms, p99 %+.1f ms", rate, round + 1,
                    viaGateway.p50() - viaGrpc.p50(), viaGateway.p99() - viaGrpc.p99()));
        }
        lines.add("");
        http.close();
        vertx.close();
    }

    /** Reads an event stream line by line; calls back with each change's data, and once on the first snapshot. */
    private static final class Subscriber implements Flow.Subscriber<String> {
        private final java.util.function.Consumer<String> onChange;
        private final Runnable onSnapshot;
        private String event;
        private boolean subscribed;

        Subscriber(java.util.function.Consumer<String> onChange, Runnable onSnapshot) {
            this.onChange = onChange;
            this.onSnapshot = onSnapshot;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (Boolean.getBoolean("bench.trace")) {
                System.out.println("< " + line.substring(0, Math.min(120, line.length())));
            }
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if ("snapshot".equals(event) && !subscribed) {
                    subscribed = true;
                    onSnapshot.run();
                } else if ("change".equals(event)) {
                    onChange.accept(line);
                }
            } else if (line.isEmpty()) {
                event = null;
            }
        }

        @Override
        public void onError(Throwable throwable) {
            System.out.println("a subscriber's stream failed: " + throwable);
        }

        @Override
        public void onComplete() {
        }
    }

    /** The gateway's resident memory and its heap in use after a full GC (jcmd, from the JDK running this). */
    private record Memory(long rss, long heap) {
        static Memory of(long pid) throws Exception {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor();
            Thread.sleep(500);
            long rss = ServiceFootprint.statusKib(pid, "VmRSS") * 1024;
            Process heapInfo = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String info = new String(heapInfo.getInputStream().readAllBytes());
            heapInfo.waitFor();
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            long heap = used.find() ? Long.parseLong(used.group(1)) * 1024 : 0;
            return new Memory(rss, heap);
        }
    }

    /** The gateway's resident memory after the load, and its launch-to-ready time restarted alone. */
    private static void footprint(Stack stack, List<String> lines) {
        lines.add("gateway resident memory after every phase: " + ServiceFootprint.memory("gateway"));
        lines.add("gateway from JVM launch to ready, restarted alone on the idle stack: "
                + ServiceFootprint.startToReady(stack, "gateway"));
    }

    private static long gatewayPid() {
        return ProcessHandle.current().descendants().filter(p -> ProcessCpu.isService(p, "gateway")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no gateway process")).pid();
    }
}
