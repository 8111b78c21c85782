package org.renfort.gateway.client;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.RegisterClientInterceptor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.proto.transfer.v1.MutinyTransferServiceGrpc.MutinyTransferServiceStub;

/** The gateway's one way to transfer-service. The transfer endpoints come with the transfer issue. */
@ApplicationScoped
public class TransferClient {

    @GrpcClient("transfer")
    @RegisterClientInterceptor(BearerTokenPropagation.class)
    MutinyTransferServiceStub transfer;

    /** The standard gRPC health check of transfer-service, for readiness; never throws. */
    public Uni<String> health() {
        return GrpcHealth.check(transfer.getChannel());
    }
}
