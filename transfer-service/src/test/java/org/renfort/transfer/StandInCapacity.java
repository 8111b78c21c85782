package org.renfort.transfer;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.proto.capacity.v1.BedCandidate;
import org.renfort.proto.capacity.v1.CapacityService;
import org.renfort.proto.capacity.v1.ConsumeHoldRequest;
import org.renfort.proto.capacity.v1.ConsumeHoldResponse;
import org.renfort.proto.capacity.v1.ExtendHoldRequest;
import org.renfort.proto.capacity.v1.ExtendHoldResponse;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.FindBedsResponse;
import org.renfort.proto.capacity.v1.Hold;
import org.renfort.proto.capacity.v1.HoldStatus;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.PlaceHoldRequest;
import org.renfort.proto.capacity.v1.PlaceHoldResponse;
import org.renfort.proto.capacity.v1.ReleaseHoldRequest;
import org.renfort.proto.capacity.v1.ReleaseHoldResponse;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import org.renfort.proto.capacity.v1.BedCount;
import org.renfort.proto.capacity.v1.CategoryPicture;
import org.renfort.proto.capacity.v1.ChangeKind;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.capacity.v1.RegionChange;
import org.renfort.proto.capacity.v1.WatchRegionRequest;
import org.renfort.proto.capacity.v1.WatchRegionResponse;
import org.renfort.proto.common.v1.BedCategory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * capacity-service as transfer-service sees it, served by the test application on its own port
 * (real gRPC, real service token): hospitals with free beds per test, holds with capacity-service's
 * rules (idempotency key, never over-commit, idempotent release / consume), and a switch that
 * makes it answer UNAVAILABLE, for outage tests. The real service plays the same part in the
 * end-to-end suite.
 */
@GrpcService
public class StandInCapacity implements CapacityService {
    /** One hospital of a test: free beds (before holds), travel time from any origin. */
    public static final class Beds {
        final String origin;
        final String hospital;
        final int travelMinutes;
        final AtomicInteger free;

        Beds(String origin, String hospital, int travelMinutes, int free) {
            this.origin = origin;
            this.hospital = hospital;
            this.travelMinutes = travelMinutes;
            this.free = new AtomicInteger(free);
        }
    }

    public static final Map<String, Beds> HOSPITALS = new ConcurrentHashMap<>();
    /** The registry: hospitals with beds, their origins, and those a test registers. */
    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();
    public static final Map<UUID, Hold> HOLDS = new ConcurrentHashMap<>();
    private static final Map<String, UUID> HOLD_KEYS = new ConcurrentHashMap<>();
    public static final AtomicBoolean DOWN = new AtomicBoolean();
    /** Calls that reached the stand-in while it was down: the breaker keeps this from growing. */
    public static final AtomicInteger REFUSED_WHILE_DOWN = new AtomicInteger();

    private static final BroadcastProcessor<WatchRegionResponse> CHANGES = BroadcastProcessor.create();
    private static final AtomicLong POSITION = new AtomicLong();

    /**
     * A hospital with free ADULT_ICU beds joins the region, found only by searches from one origin
     * (each test its own: transfers left over by other tests never reach its hospitals); watchers
     * hear of it as a capacity report.
     */
    public static void offer(String origin, String hospital, int travelMinutes, int freeBeds) {
        register(origin, hospital);
        HOSPITALS.put(hospital, new Beds(origin, hospital, travelMinutes, freeBeds));
        CHANGES.onNext(WatchRegionResponse.newBuilder().setChange(RegionChange.newBuilder()
                .setPosition(POSITION.incrementAndGet()).setKind(ChangeKind.CHANGE_KIND_CAPACITY_REPORTED)
                .setHospital(HospitalPicture.newBuilder().setHospital(Hospital.newBuilder().setHospitalId(hospital))
                        .addCategories(CategoryPicture.newBuilder().setEffectiveAvailable(freeBeds)
                                .setBeds(BedCount.newBuilder().setCategory(BedCategory.BED_CATEGORY_ADULT_ICU)
                                        .setAvailable(freeBeds))))).build());
    }

    @Override
    @RolesAllowed("service")
    public Multi<WatchRegionResponse> watchRegion(WatchRegionRequest request) {
        return CHANGES;
    }

    public static void register(String... hospitals) {
        REGISTERED.addAll(List.of(hospitals));
    }

    public static List<Hold> holdsAt(String hospital) {
        return HOLDS.values().stream().filter(h -> h.getHospitalId().equals(hospital)).toList();
    }

    public static List<Hold> holdsFor(String transferId) {
        return HOLDS.values().stream().filter(h -> h.getTransferReference().equals(transferId)).toList();
    }

    private static synchronized <T> Uni<T> answer(java.util.function.Supplier<T> body) {
        if (DOWN.get()) {
            REFUSED_WHILE_DOWN.incrementAndGet();
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("stand-in is down").asRuntimeException());
        }
        try {
            return Uni.createFrom().item(body.get());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    @Override
    @RolesAllowed("service")
    public Uni<FindBedsResponse> findBeds(FindBedsRequest request) {
        return answer(() -> {
            List<Beds> found = new ArrayList<>(HOSPITALS.values().stream()
                    .filter(b -> b.free.get() > 0 && b.travelMinutes <= request.getMaxTravelMinutes()
                            && b.origin.equals(request.getOriginHospitalId()))
                    .toList());
            found.sort(java.util.Comparator.comparingInt(b -> b.travelMinutes));
            FindBedsResponse.Builder response = FindBedsResponse.newBuilder();
            found.forEach(b -> response.addCandidates(BedCandidate.newBuilder()
                    .setHospital(Hospital.newBuilder().setHospitalId(b.hospital)).setTravelMinutes(b.travelMinutes)));
            return response.build();
        });
    }

    @Override
    @RolesAllowed("service")
    public Uni<PlaceHoldResponse> placeHold(PlaceHoldRequest request) {
        return answer(() -> {
            UUID previous = HOLD_KEYS.get(request.getIdempotencyKey());
            if (previous != null) {
                return PlaceHoldResponse.newBuilder().setHold(HOLDS.get(previous)).build();
            }
            Beds beds = HOSPITALS.get(request.getHospitalId());
            if (beds == null) {
                throw Status.NOT_FOUND.withDescription("hospital " + request.getHospitalId() + " not found").asRuntimeException();
            }
            if (beds.free.get() < 1) {
                throw Status.RESOURCE_EXHAUSTED.withDescription("no bed left at " + request.getHospitalId()).asRuntimeException();
            }
            beds.free.decrementAndGet();
            Hold hold = Hold.newBuilder().setHoldId(UUID.randomUUID().toString()).setHospitalId(request.getHospitalId())
                    .setCategory(request.getCategory()).setTransferReference(request.getTransferReference())
                    .setStatus(HoldStatus.HOLD_STATUS_ACTIVE).setExpiresAt(request.getExpiresAt()).build();
            HOLDS.put(UUID.fromString(hold.getHoldId()), hold);
            HOLD_KEYS.put(request.getIdempotencyKey(), UUID.fromString(hold.getHoldId()));
            return PlaceHoldResponse.newBuilder().setHold(hold).setEffectiveAvailable(beds.free.get()).build();
        });
    }

    @Override
    @RolesAllowed("service")
    public Uni<ReleaseHoldResponse> releaseHold(ReleaseHoldRequest request) {
        return answer(() -> ReleaseHoldResponse.newBuilder().setHold(close(request.getHoldId(), HoldStatus.HOLD_STATUS_RELEASED)).build());
    }

    @Override
    @RolesAllowed("service")
    public Uni<ConsumeHoldResponse> consumeHold(ConsumeHoldRequest request) {
        return answer(() -> ConsumeHoldResponse.newBuilder().setHold(close(request.getHoldId(), HoldStatus.HOLD_STATUS_CONSUMED)).build());
    }

    @Override
    @RolesAllowed("service")
    public Uni<ExtendHoldResponse> extendHold(ExtendHoldRequest request) {
        return answer(() -> {
            Hold hold = existing(request.getHoldId());
            if (hold.getStatus() != HoldStatus.HOLD_STATUS_ACTIVE) {
                throw Status.FAILED_PRECONDITION.withDescription("hold is " + hold.getStatus()).asRuntimeException();
            }
            Hold extended = hold.toBuilder().setExpiresAt(request.getExpiresAt()).build();
            HOLDS.put(UUID.fromString(hold.getHoldId()), extended);
            return ExtendHoldResponse.newBuilder().setHold(extended).build();
        });
    }

    private static Hold close(String holdId, HoldStatus target) {
        Hold hold = existing(holdId);
        if (hold.getStatus() == target) {
            return hold;
        }
        if (hold.getStatus() != HoldStatus.HOLD_STATUS_ACTIVE) {
            throw Status.FAILED_PRECONDITION.withDescription("hold is " + hold.getStatus()).asRuntimeException();
        }
        Hold closed = hold.toBuilder().setStatus(target).build();
        HOLDS.put(UUID.fromString(holdId), closed);
        if (target == HoldStatus.HOLD_STATUS_RELEASED) {
            HOSPITALS.get(hold.getHospitalId()).free.incrementAndGet();
        }
        return closed;
    }

    private static Hold existing(String holdId) {
        Hold hold = HOLDS.get(UUID.fromString(holdId));
        if (hold == null) {
            throw Status.NOT_FOUND.withDescription("hold " + holdId + " not found").asRuntimeException();
        }
        return hold;
    }

    // transfer-service does not use the rest of the contract.

    @Override
    public Uni<org.renfort.proto.capacity.v1.CreateHospitalResponse> createHospital(org.renfort.proto.capacity.v1.CreateHospitalRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<org.renfort.proto.capacity.v1.UpdateHospitalResponse> updateHospital(org.renfort.proto.capacity.v1.UpdateHospitalRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<org.renfort.proto.capacity.v1.RetireHospitalResponse> retireHospital(org.renfort.proto.capacity.v1.RetireHospitalRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<org.renfort.proto.capacity.v1.GetHospitalResponse> getHospital(org.renfort.proto.capacity.v1.GetHospitalRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    @RolesAllowed("service")
    public Uni<org.renfort.proto.capacity.v1.ListHospitalsResponse> listHospitals(org.renfort.proto.capacity.v1.ListHospitalsRequest request) {
        return answer(() -> {
            var registry = org.renfort.proto.capacity.v1.ListHospitalsResponse.newBuilder();
            REGISTERED.forEach(id -> registry.addHospitals(Hospital.newBuilder().setHospitalId(id)));
            return registry.build();
        });
    }

    @Override
    public Uni<org.renfort.proto.capacity.v1.PublishCapacityResponse> publishCapacity(org.renfort.proto.capacity.v1.PublishCapacityRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<org.renfort.proto.capacity.v1.GetHospitalCapacityResponse> getHospitalCapacity(org.renfort.proto.capacity.v1.GetHospitalCapacityRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<org.renfort.proto.capacity.v1.GetRegionSnapshotResponse> getRegionSnapshot(org.renfort.proto.capacity.v1.GetRegionSnapshotRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<org.renfort.proto.capacity.v1.ListOverdueHospitalsResponse> listOverdueHospitals(org.renfort.proto.capacity.v1.ListOverdueHospitalsRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<org.renfort.proto.capacity.v1.GetCapacityHistoryResponse> getCapacityHistory(org.renfort.proto.capacity.v1.GetCapacityHistoryRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }

}
