package org.renfort.transfer.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.HospitalId;
import org.renfort.planner.Partner;
import org.renfort.proto.capacity.v1.ConsumeHoldRequest;
import org.renfort.proto.capacity.v1.ExtendHoldRequest;
import org.renfort.proto.capacity.v1.ExtendHoldsRequest;
import org.renfort.proto.capacity.v1.FindBedsRequest;
import org.renfort.proto.capacity.v1.CategoryPicture;
import org.renfort.proto.capacity.v1.FacilityStatus;
import org.renfort.proto.capacity.v1.GetRegionSnapshotRequest;
import org.renfort.proto.capacity.v1.Hospital;
import org.renfort.proto.capacity.v1.HospitalPicture;
import org.renfort.proto.capacity.v1.ListHospitalsRequest;
import org.renfort.proto.capacity.v1.MutinyCapacityServiceGrpc.MutinyCapacityServiceStub;
import org.renfort.proto.capacity.v1.PlaceHoldRequest;
import org.renfort.proto.capacity.v1.PlaceHoldsRequest;
import org.renfort.proto.capacity.v1.ReleaseHoldRequest;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.servicekit.CommonEnums;
import org.renfort.transfer.domain.Candidate;
import org.renfort.transfer.domain.Origin;
import org.renfort.transfer.domain.TransferRequirements;
import org.renfort.transfer.domain.plan.RegionAtPlanning;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.renfort.servicekit.ProtoTime.instant;
import static org.renfort.servicekit.ProtoTime.timestamp;

/**
 * transfer-service's one way to capacity-service. Every call has a deadline; every call is
 * idempotent (holds carry idempotency keys, release / extend / consume are idempotent by
 * design), so all are retried; the breaker opens on faults only - a refused hold is an answer,
 * not a fault. When capacity-service is down, callers get {@link CapacityUnavailableException}
 * and wait: there is no fallback that could invent a bed.
 */
@ApplicationScoped
@Timeout(value = 3, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 100, abortOn = {HoldRefusedException.class, CircuitBreakerOpenException.class})
@CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        skipOn = HoldRefusedException.class)
public class CapacityClient {
    static final long DEADLINE_MS = 2_000;
    /** More than any K: the candidates some other transfer just took still leave enough. */
    static final int CANDIDATES = 50;

    @GrpcClient("capacity")
    MutinyCapacityServiceStub capacity;

    private final ServiceToken token;

    CapacityClient(ServiceToken token) {
        this.token = token;
    }

    /** Hospitals with a free bed that fits, nearest first (capacity-service's own ranking). */
    public Uni<List<Candidate>> findBeds(Origin origin, TransferRequirements requirements) {
        FindBedsRequest.Builder request = FindBedsRequest.newBuilder()
                .setCategory(CommonEnums.BED_CATEGORY.toProto(requirements.bedCategory()))
                .setAgeBand(CommonEnums.AGE_BAND.toProto(requirements.ageBand()))
                .setMaxTravelMinutes(requirements.maxTravelMinutes())
                .setLimit(CANDIDATES);
        requirements.requiredCapabilities().forEach(c -> request.addRequiredCapabilities(
                CommonEnums.CAPABILITY.toProto(c)));
        if (origin instanceof Origin.AtHospital at) {
            request.setOriginHospitalId(at.hospitalId().value());
        } else if (origin instanceof Origin.InTheField field) {
            request.setOriginPosition(GeoPoint.newBuilder().setLatitude(field.position().latitude())
                    .setLongitude(field.position().longitude()));
        }
        return stub().findBeds(request.build())
                .map(r -> r.getCandidatesList().stream()
                        .map(c -> new Candidate(new HospitalId(c.getHospital().getHospitalId()), c.getTravelMinutes()))
                        .toList())
                .onFailure().transform(CapacityClient::classify);
    }

    /** Every hospital id of the registry, retired ones included. */
    public Uni<Set<String>> registeredHospitals() {
        return stub().listHospitals(ListHospitalsRequest.newBuilder().setIncludeRetired(true).build())
                .map(r -> r.getHospitalsList().stream().map(Hospital::getHospitalId).collect(Collectors.toUnmodifiableSet()))
                .onFailure().transform(CapacityClient::classify);
    }

    /**
     * The regional picture to plan on: every hospital's location; as partners, the hospitals that
     * are neither retired, closed nor evacuating, with their free beds (available - held) by
     * category. A hospital is stale when any of its categories is.
     */
    public Uni<RegionAtPlanning> regionPicture(Instant readAt) {
        return stub().getRegionSnapshot(GetRegionSnapshotRequest.getDefaultInstance())
                .map(snapshot -> {
                    List<Partner> partners = new ArrayList<>();
                    Map<HospitalId, org.renfort.kernel.GeoPoint> locations = new HashMap<>();
                    long oldest = 0;
                    for (HospitalPicture h : snapshot.getHospitalsList()) {
                        Hospital hospital = h.getHospital();
                        HospitalId id = new HospitalId(hospital.getHospitalId());
                        locations.put(id, new org.renfort.kernel.GeoPoint(hospital.getLocation().getLatitude(),
                                hospital.getLocation().getLongitude()));
                        FacilityStatus facility = h.getStatus().getFacilityStatus();
                        if (hospital.getRetired() || facility == FacilityStatus.FACILITY_STATUS_CLOSED
                                || facility == FacilityStatus.FACILITY_STATUS_EVACUATING) {
                            continue;
                        }
                        Map<BedCategory, Integer> free = new EnumMap<>(BedCategory.class);
                        boolean stale = false;
                        for (CategoryPicture c : h.getCategoriesList()) {
                            if (c.getBeds().getCategoryValue() == 0) {
                                continue;
                            }
                            free.put(CommonEnums.BED_CATEGORY.toDomain(c.getBeds().getCategory(), "category"), c.getEffectiveAvailable());
                            stale |= c.getFreshness().getStale();
                            oldest = Math.max(oldest, c.getFreshness().getAgeSeconds());
                        }
                        Set<Capability> capabilities = hospital.getCapabilitiesList().stream()
                                .filter(c -> c.getNumber() != 0)
                                .map(c -> CommonEnums.CAPABILITY.toDomain(c, "capabilities")).collect(Collectors.toSet());
                        partners.add(new Partner(id, free, capabilities, stale));
                    }
                    return new RegionAtPlanning(readAt, instant(snapshot.getAsOf()), partners, locations, oldest);
                })
                .onFailure().transform(CapacityClient::classify);
    }

    /** One bed to hold for an offer; the offer id is the idempotency key, so a retry adopts the same hold. */
    public record HoldToPlace(HospitalId hospital, TransferRequirements requirements, UUID transferId, UUID offerId,
                              Instant expiresAt) {
        PlaceHoldRequest toProto() {
            return PlaceHoldRequest.newBuilder()
                    .setHospitalId(hospital.value())
                    .setCategory(CommonEnums.BED_CATEGORY.toProto(requirements.bedCategory()))
                    .setTransferReference(transferId.toString())
                    .setExpiresAt(timestamp(expiresAt))
                    .setIdempotencyKey("offer-" + offerId)
                    .build();
        }
    }

    /** What became of one hold of {@link #placeHolds}: placed, or refused by capacity-service. */
    public record HoldPlaced(Optional<BedHoldTicket> ticket, Optional<HoldRefusedException> refused) {
    }

    public Uni<BedHoldTicket> placeHold(HoldToPlace hold) {
        return stub().placeHold(hold.toProto())
                .map(r -> new BedHoldTicket(UUID.fromString(r.getHold().getHoldId()), instant(r.getHold().getExpiresAt())))
                .onFailure().transform(CapacityClient::classify);
    }

    /** Several holds in one call and one transaction of capacity-service; outcomes in the same order. */
    public Uni<List<HoldPlaced>> placeHolds(List<HoldToPlace> holds) {
        PlaceHoldsRequest.Builder request = PlaceHoldsRequest.newBuilder();
        holds.forEach(h -> request.addHolds(h.toProto()));
        return stub().placeHolds(request.build())
                .map(r -> r.getOutcomesList().stream().map(o -> o.hasPlaced()
                        ? new HoldPlaced(Optional.of(new BedHoldTicket(UUID.fromString(o.getPlaced().getHold().getHoldId()),
                                instant(o.getPlaced().getHold().getExpiresAt()))), Optional.empty())
                        : new HoldPlaced(Optional.empty(), Optional.of(new HoldRefusedException(
                                o.getRefused().getReason() + ": " + o.getRefused().getDescription())))).toList())
                .onFailure().transform(CapacityClient::classify);
    }

    public Uni<Void> releaseHold(UUID holdId) {
        return stub().releaseHold(ReleaseHoldRequest.newBuilder().setHoldId(holdId.toString()).build())
                .replaceWithVoid().onFailure().transform(CapacityClient::classify);
    }

    /** An extension of {@link #extendHolds}. */
    public record HoldToExtend(UUID holdId, Instant expiresAt) {
    }

    /**
     * Several extensions in one call and one transaction of capacity-service; per extension, in
     * the same order, empty when done or why capacity-service refused it (unknown, no longer active).
     */
    public Uni<List<Optional<String>>> extendHolds(List<HoldToExtend> holds) {
        ExtendHoldsRequest.Builder request = ExtendHoldsRequest.newBuilder();
        holds.forEach(h -> request.addHolds(ExtendHoldRequest.newBuilder().setHoldId(h.holdId().toString())
                .setExpiresAt(timestamp(h.expiresAt()))));
        return stub().extendHolds(request.build())
                .map(r -> r.getOutcomesList().stream().map(o -> o.hasExtended() ? Optional.<String>empty()
                        : Optional.of(o.getRefused().getReason() + ": " + o.getRefused().getDescription())).toList())
                .onFailure().transform(CapacityClient::classify);
    }

    public Uni<Void> consumeHold(UUID holdId) {
        return stub().consumeHold(ConsumeHoldRequest.newBuilder().setHoldId(holdId.toString()).build())
                .replaceWithVoid().onFailure().transform(CapacityClient::classify);
    }

    /** Down, slow, breaker open: wait and try again. Anything else is an answer or a bug. */
    public static boolean isUnavailable(Throwable failure) {
        return failure instanceof CapacityUnavailableException || failure instanceof CircuitBreakerOpenException
                || failure instanceof TimeoutException;
    }

    private MutinyCapacityServiceStub stub() {
        return capacity.withCallCredentials(token).withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
    }

    /** An answer about the hold or hospital is a refusal; anything else (unreachable, slow, misconfigured) a fault. */
    static Throwable classify(Throwable failure) {
        if (failure instanceof StatusRuntimeException grpc) {
            Status.Code code = grpc.getStatus().getCode();
            String description = grpc.getStatus().getDescription();
            return switch (code) {
                case RESOURCE_EXHAUSTED, FAILED_PRECONDITION, NOT_FOUND, INVALID_ARGUMENT -> new HoldRefusedException(
                        code + ": " + description);
                default -> new CapacityUnavailableException("capacity-service " + code
                        + (description == null ? "" : ": " + description), failure);
            };
        }
        if (failure instanceof TimeoutException || failure instanceof CircuitBreakerOpenException) {
            return new CapacityUnavailableException("capacity-service " + failure.getMessage(), failure);
        }
        return failure;
    }
}
