package org.renfort.transfer.api.grpc;

import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.kernel.Role;
import org.renfort.kernel.Caller;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.proto.transfer.v1.CancelTransferRequest;
import org.renfort.proto.transfer.v1.CancelTransferResponse;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.ListOffersRequest;
import org.renfort.proto.transfer.v1.ListOffersResponse;
import org.renfort.proto.transfer.v1.CreateTransferResponse;
import org.renfort.proto.transfer.v1.DirectTransferRequest;
import org.renfort.proto.transfer.v1.DirectTransferResponse;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.GetTransferResponse;
import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.ListTransfersResponse;
import org.renfort.proto.transfer.v1.ReopenTransferRequest;
import org.renfort.proto.transfer.v1.ReopenTransferResponse;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.RespondToOfferResponse;
import org.renfort.proto.transfer.v1.TransferService;
import org.renfort.proto.transfer.v1.UpdateTransportRequest;
import org.renfort.proto.transfer.v1.UpdateTransportResponse;
import org.renfort.proto.transfer.v1.WatchOffersRequest;
import org.renfort.proto.transfer.v1.WatchOffersResponse;
import org.renfort.proto.transfer.v1.WatchTransportsRequest;
import org.renfort.proto.transfer.v1.WatchTransportsResponse;
import org.renfort.servicekit.CallerResolver;
import org.renfort.servicekit.GrpcErrors;
import org.renfort.servicekit.ProtoTime;
import org.renfort.transfer.application.HospitalOffers;
import org.renfort.transfer.application.TransferDecisions;
import org.renfort.transfer.application.TransferFeeds;
import org.renfort.transfer.application.TransferRequests;

import java.util.Optional;

/** The gRPC edge of transfer-service: authorises by role, maps, delegates. */
@GrpcService
public class TransferGrpcService implements TransferService {
    /** Entries a slow stream client may lag behind before its stream fails (it then resumes from its position). */
    static final int WATCH_BUFFER = 10_000;

    private final TransferRequests requests;
    private final TransferDecisions decisions;
    private final TransferFeeds feeds;
    private final HospitalOffers offers;
    private final TransferProtoMapper mapper;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    TransferGrpcService(TransferRequests requests, TransferDecisions decisions, TransferFeeds feeds, HospitalOffers offers,
                        TransferProtoMapper mapper, CallerResolver callers, SecurityIdentity identity) {
        this.requests = requests;
        this.offers = offers;
        this.decisions = decisions;
        this.feeds = feeds;
        this.mapper = mapper;
        this.callers = callers;
        this.identity = identity;
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER})
    public Uni<CreateTransferResponse> createTransfer(CreateTransferRequest request) {
        return GrpcErrors.guarded(() -> requests.create(caller(), mapper.toDomain(request))
                .map(t -> CreateTransferResponse.newBuilder().setTransfer(mapper.toProto(t)).build()));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER})
    public Uni<GetTransferResponse> getTransfer(GetTransferRequest request) {
        return GrpcErrors.guarded(() -> requests.get(caller(), mapper.transferId(request.getTransferId()))
                .map(view -> GetTransferResponse.newBuilder().setTransfer(mapper.toProto(view)).build()));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER})
    public Uni<ListTransfersResponse> listTransfers(ListTransfersRequest request) {
        return GrpcErrors.guarded(() -> requests.list(caller(), mapper.toDomain(request), request.getPageSize())
                .map(page -> {
                    var response = ListTransfersResponse.newBuilder();
                    page.forEach(t -> response.addTransfers(mapper.toProto(t)));
                    int requested = request.getPageSize() == 0 ? 100 : request.getPageSize();
                    if (page.size() == requested) {
                        response.setNextPageToken(mapper.pageToken(page.get(page.size() - 1)));
                    }
                    return response.build();
                }));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM, Role.Names.DISPATCHER})
    public Uni<CancelTransferResponse> cancelTransfer(CancelTransferRequest request) {
        return GrpcErrors.guarded(() -> decisions.cancel(caller(), mapper.transferId(request.getTransferId()),
                        request.getReason(), new IdempotencyKey(request.getIdempotencyKey()))
                .map(t -> CancelTransferResponse.newBuilder().setTransfer(mapper.toProto(t)).build()));
    }

    @Override
    @RolesAllowed(Role.Names.COORDINATOR)
    public Uni<ReopenTransferResponse> reopenTransfer(ReopenTransferRequest request) {
        return GrpcErrors.guarded(() -> decisions.reopen(caller(), mapper.transferId(request.getTransferId()),
                        request.getReason(), new IdempotencyKey(request.getIdempotencyKey()))
                .map(t -> ReopenTransferResponse.newBuilder().setTransfer(mapper.toProto(t)).build()));
    }

    @Override
    @RolesAllowed(Role.Names.COORDINATOR)
    public Uni<DirectTransferResponse> directTransfer(DirectTransferRequest request) {
        return GrpcErrors.guarded(() -> decisions.direct(caller(), mapper.transferId(request.getTransferId()),
                        HospitalId.parse("hospital_id", request.getHospitalId()), request.getReason(),
                        new IdempotencyKey(request.getIdempotencyKey()))
                .map(t -> DirectTransferResponse.newBuilder().setTransfer(mapper.toProto(t)).build()));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM})
    public Multi<WatchOffersResponse> watchOffers(WatchOffersRequest request) {
        return Multi.createFrom().<WatchOffersResponse>emitter(emitter -> {
            try {
                Optional<HospitalId> hospital = request.getHospitalId().isEmpty() ? Optional.empty()
                        : Optional.of(HospitalId.parse("hospital_id", request.getHospitalId()));
                TransferFeeds.Watch watch = feeds.watchOffers(caller(), hospital, request.getAfterPosition(),
                        e -> emitter.emit(WatchOffersResponse.newBuilder()
                                .setPosition(e.position())
                                .setKind(TransferEnums.OFFER_EVENT_KIND.toProto(e.kind()))
                                .setOffer(mapper.toProto(e.offer(), Optional.of(e.transfer())))
                                .setOccurredAt(ProtoTime.timestamp(e.occurredAt()))
                                .build()),
                        failure -> emitter.fail(GrpcErrors.toStatus(failure)));
                emitter.onTermination(watch::cancel);
            } catch (RuntimeException refused) {
                emitter.fail(GrpcErrors.toStatus(refused));
            }
        }, BackPressureStrategy.ERROR).onOverflow().buffer(WATCH_BUFFER);
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM})
    public Uni<ListOffersResponse> listOffers(ListOffersRequest request) {
        return GrpcErrors.guarded(() -> offers.list(caller(), mapper.toDomain(request), request.getPageSize()).map(page -> {
            var response = ListOffersResponse.newBuilder();
            page.forEach(listed -> response.addOffers(mapper.toProto(listed.offer(), Optional.ofNullable(listed.transfer()))));
            int requested = request.getPageSize() == 0 ? 100 : request.getPageSize();
            if (page.size() == requested) {
                response.setNextPageToken(mapper.pageToken(page.get(page.size() - 1).offer()));
            }
            return response.build();
        }));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM})
    public Uni<RespondToOfferResponse> respondToOffer(RespondToOfferRequest request) {
        return GrpcErrors.guarded(() -> decisions.respond(caller(), mapper.offerId(request.getOfferId()),
                        mapper.toDomain(request), new IdempotencyKey(request.getIdempotencyKey()))
                .map(answered -> RespondToOfferResponse.newBuilder()
                        .setOffer(mapper.toProto(answered.offer(), Optional.empty()))
                        .setTransfer(mapper.toProto(answered.transfer())).build()));
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.DISPATCHER})
    public Multi<WatchTransportsResponse> watchTransports(WatchTransportsRequest request) {
        return Multi.createFrom().<WatchTransportsResponse>emitter(emitter -> {
            try {
                TransferFeeds.Watch watch = feeds.watchTransports(caller(), request.getAfterPosition(),
                        e -> emitter.emit(WatchTransportsResponse.newBuilder().setPosition(e.position())
                                .setTransfer(mapper.toProto(e.transfer()))
                                .setOccurredAt(ProtoTime.timestamp(e.occurredAt())).build()),
                        failure -> emitter.fail(GrpcErrors.toStatus(failure)));
                emitter.onTermination(watch::cancel);
            } catch (RuntimeException refused) {
                emitter.fail(GrpcErrors.toStatus(refused));
            }
        }, BackPressureStrategy.ERROR).onOverflow().buffer(WATCH_BUFFER);
    }

    @Override
    @RolesAllowed({Role.Names.COORDINATOR, Role.Names.DISPATCHER, Role.Names.HOSPITAL_STAFF, Role.Names.HOSPITAL_SYSTEM})
    public Uni<UpdateTransportResponse> updateTransport(UpdateTransportRequest request) {
        return GrpcErrors.guarded(() -> {
            Caller caller = caller();
            return decisions.updateTransport(caller, mapper.transferId(request.getTransferId()),
                            mapper.toDomain(request, caller.subject()), new IdempotencyKey(request.getIdempotencyKey()))
                    .map(t -> UpdateTransportResponse.newBuilder().setTransfer(mapper.toProto(t)).build());
        });
    }

    private Caller caller() {
        return callers.resolve(identity);
    }
}
