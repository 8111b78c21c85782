package org.renfort.transfer.api.grpc;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.common.v1.GeoPoint;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.Origin;
import org.renfort.proto.transfer.v1.TransferServiceGrpc.TransferServiceBlockingStub;
import org.renfort.testsupport.AccessMatrix;
import org.renfort.testsupport.BearerToken;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** transfer-service's whole access policy as one table: every RPC x every principal. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_transfer"))
class AuthorizationMatrixTest {

    // Own / other: the principal's hospital is, or is not, the transfer's origin.
    static final String POLICY = """
            operation                 coordinator staff-own staff-other system-own system-other staff-no-claim dispatcher service unknown-role
            CreateTransferFromOwn     allow       allow     deny        allow      deny         deny           deny       deny    deny
            CreateTransferFromField   allow       deny      deny        deny       deny         deny           allow      deny    deny
            GetTransferFromOwn        allow       allow     deny        allow      deny         deny           deny       deny    deny
            ListAuditEvents           allow       deny      deny        deny       deny         deny           deny       deny    deny
            """;

    static final String OWN = TransferGrpcServiceTest.ARMENTIERES;
    static final String OTHER = TransferGrpcServiceTest.LILLE;

    static final Map<String, String> TOKENS = AccessMatrix.principals(OWN, OTHER);

    @GrpcClient("transfer")
    TransferServiceBlockingStub transfers;

    @GrpcClient("transfer")
    AuditServiceBlockingStub audit;

    static List<AccessMatrix.Cell> policy() {
        return AccessMatrix.parse(POLICY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policy")
    void everyCellOfThePolicyHolds(AccessMatrix.Cell cell) {
        AccessMatrix.verifyGrpc(cell, TOKENS.get(cell.principal()), operation(cell.operation()));
    }

    private Consumer<String> operation(String name) {
        return switch (name) {
            case "CreateTransferFromOwn" -> token -> as(token).createTransfer(
                    TransferGrpcServiceTest.request(OWN, patient()));
            case "CreateTransferFromField" -> token -> as(token).createTransfer(
                    TransferGrpcServiceTest.request(OWN, patient()).toBuilder()
                            .setOrigin(Origin.newBuilder().setPosition(GeoPoint.newBuilder().setLatitude(50.6).setLongitude(2.9)))
                            .build());
            case "GetTransferFromOwn" -> {
                String id = as(TOKENS.get("staff-own")).createTransfer(TransferGrpcServiceTest.request(OWN, patient()))
                        .getTransfer().getTransferId();
                yield token -> as(token).getTransfer(GetTransferRequest.newBuilder().setTransferId(id).build());
            }
            case "ListAuditEvents" -> token -> audit.withCallCredentials(new BearerToken(token))
                    .listAuditEvents(ListAuditEventsRequest.getDefaultInstance());
            default -> throw new IllegalArgumentException("no such operation in the table: " + name);
        };
    }

    private TransferServiceBlockingStub as(String token) {
        return transfers.withCallCredentials(new BearerToken(token));
    }

    private static String patient() {
        return "M-" + UUID.randomUUID().toString().substring(0, 12);
    }
}
