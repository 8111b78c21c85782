package org.renfort.transfer.api.grpc;

import io.quarkus.grpc.GrpcService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.renfort.proto.transfer.v1.CreateTransferRequest;
import org.renfort.proto.transfer.v1.CreateTransferResponse;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.GetTransferResponse;
import org.renfort.proto.transfer.v1.TransferService;
import org.renfort.servicekit.CallerResolver;
import org.renfort.servicekit.GrpcErrors;
import org.renfort.transfer.application.TransferRequests;

/** The gRPC edge of transfer-service: authorises by role, maps, delegates. */
@GrpcService
public class TransferGrpcService implements TransferService {

    private final TransferRequests requests;
    private final TransferProtoMapper mapper;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    TransferGrpcService(TransferRequests requests, TransferProtoMapper mapper, CallerResolver callers,
                        SecurityIdentity identity) {
        this.requests = requests;
        this.mapper = mapper;
        this.callers = callers;
        this.identity = identity;
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system", "dispatcher"})
    public Uni<CreateTransferResponse> createTransfer(CreateTransferRequest request) {
        return GrpcErrors.guarded(() -> requests.create(callers.resolve(identity), mapper.toDomain(request))
                .map(t -> CreateTransferResponse.newBuilder().setTransfer(mapper.toProto(t)).build()));
    }

    @Override
    @RolesAllowed({"coordinator", "hospital-staff", "hospital-system", "dispatcher"})
    public Uni<GetTransferResponse> getTransfer(GetTransferRequest request) {
        return GrpcErrors.guarded(() -> requests.get(callers.resolve(identity), mapper.transferId(request.getTransferId()))
                .map(t -> GetTransferResponse.newBuilder().setTransfer(mapper.toProto(t)).build()));
    }
}
