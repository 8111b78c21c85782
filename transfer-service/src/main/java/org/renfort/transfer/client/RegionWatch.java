package org.renfort.transfer.client;

import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.renfort.kernel.BedCategory;
import org.renfort.proto.capacity.v1.CategoryPicture;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.capacity.v1.MutinyCapacityServiceGrpc.MutinyCapacityServiceStub;
import org.renfort.proto.capacity.v1.WatchRegionRequest;
import org.renfort.proto.capacity.v1.WatchRegionResponse;
import org.renfort.servicekit.CommonEnums;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Follows capacity-service's regional stream and tells listeners which bed categories have free
 * beds somewhere after a change (a report, a released or expired hold): that is when an unplaced
 * transfer is worth trying again. Resumes after its last position when the stream breaks, or from a
 * snapshot when capacity-service no longer keeps that position (after its restart, or when this
 * watcher fell too far behind; counted in renfort_region_watch_resyncs_total); while
 * capacity-service is down, unplaced transfers still retry on their own timer.
 */
@ApplicationScoped
public class RegionWatch {
    private static final Logger LOG = Logger.getLogger(RegionWatch.class);
    private static final Duration RECONNECT = Duration.ofSeconds(2);

    @GrpcClient("capacity")
    MutinyCapacityServiceStub capacity;

    private final ServiceToken token;
    private final Counter resyncs;
    private final List<Consumer<Set<BedCategory>>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong position = new AtomicLong();
    private volatile Cancellable stream;
    private volatile boolean stopped;

    RegionWatch(ServiceToken token, MeterRegistry meters) {
        this.token = token;
        this.resyncs = Counter.builder("renfort.region.watch.resyncs")
                .description("times the regional stream started again from a snapshot").register(meters);
    }

    public void onFreeBeds(Consumer<Set<BedCategory>> listener) {
        listeners.add(listener);
    }

    void start(@Observes StartupEvent event) {
        // Once this service is up: a failed first connect would put the shared channel into its
        // reconnect back-off, and the negotiation's own calls with it.
        reconnectLater();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        Cancellable s = stream;
        if (s != null) {
            s.cancel();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        stream = capacity.withCallCredentials(token)
                .watchRegion(WatchRegionRequest.newBuilder().setAfterPosition(position.get()).build())
                .subscribe().with(this::received, failure -> {
                    if (Status.fromThrowable(failure).getCode() == Status.Code.FAILED_PRECONDITION) {
                        // capacity-service no longer keeps the changes after our position (it
                        // restarted, or we fell too far behind): start again from a snapshot.
                        long lost = position.getAndSet(0);
                        resyncs.increment();
                        LOG.infof("regional stream: position %d is no longer kept by capacity-service; "
                                + "resynchronising from a snapshot", lost);
                    } else {
                        LOG.debugf("regional stream interrupted (%s); reconnecting", failure.getMessage());
                    }
                    reconnectLater();
                }, this::reconnectLater);
    }

    private void reconnectLater() {
        if (!stopped) {
            io.smallrye.mutiny.Uni.createFrom().voidItem().onItem().delayIt().by(RECONNECT)
                    .subscribe().with(v -> connect());
        }
    }

    private void received(WatchRegionResponse response) {
        Set<BedCategory> free = EnumSet.noneOf(BedCategory.class);
        if (response.hasSnapshot()) {
            position.set(response.getSnapshot().getPosition());
            response.getSnapshot().getHospitalsList().forEach(h -> collect(h, free));
        } else if (response.hasChange()) {
            position.set(response.getChange().getPosition());
            collect(response.getChange().getHospital(), free);
        }
        if (!free.isEmpty()) {
            listeners.forEach(l -> l.accept(free));
        }
    }

    private static void collect(HospitalPicture hospital, Set<BedCategory> free) {
        for (CategoryPicture c : hospital.getCategoriesList()) {
            if (c.getEffectiveAvailable() > 0 && c.getBeds().getCategoryValue() != 0) {
                free.add(CommonEnums.BED_CATEGORY.toDomain(c.getBeds().getCategory(), "category"));
            }
        }
    }
}
