package org.renfort.transfer.api.grpc;

import org.renfort.testsupport.standin.StandInCapacityService;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.plan.v1.ApprovePlanRequest;
import org.renfort.proto.plan.v1.GetPlanRequest;
import org.renfort.proto.plan.v1.PatientGroup;
import org.renfort.proto.plan.v1.PlanRedistributionRequest;
import org.renfort.proto.plan.v1.PlanServiceGrpc.PlanServiceBlockingStub;
import org.renfort.proto.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.common.v1.GeoPoint;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.oidc.server.OidcWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.renfort.proto.transfer.v1.AcceptAnswer;
import org.renfort.proto.transfer.v1.Acuity;
import org.renfort.proto.transfer.v1.AssignCrew;
import org.renfort.proto.transfer.v1.CancelTransferRequest;
import org.renfort.proto.transfer.v1.CrewType;
import org.renfort.proto.transfer.v1.DeclineAnswer;
import org.renfort.proto.transfer.v1.DeclineReason;
import org.renfort.proto.transfer.v1.DirectTransferRequest;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.ListTransfersRequest;
import org.renfort.proto.transfer.v1.OfferStatus;
import org.renfort.proto.transfer.v1.ReopenTransferRequest;
import org.renfort.proto.transfer.v1.ListOffersRequest;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.UpdateTransportRequest;
import org.renfort.proto.transfer.v1.WatchOffersRequest;
import org.renfort.proto.transfer.v1.WatchTransportsRequest;
import org.renfort.transfer.ServiceTokenStub;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
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

    // Own / other: the principal's hospital is, or is not, the transfer's origin - or, for
    // offers, the hospital asked. Lists are narrowed to what the caller may see, never refused.
    static final String POLICY = """
            operation                 coordinator staff-own staff-other system-own system-other staff-no-claim dispatcher service unknown-role
            CreateTransferFromOwn     allow       allow     deny        allow      deny         deny           deny       deny    deny
            CreateTransferFromField   allow       deny      deny        deny       deny         deny           allow      deny    deny
            GetTransferFromOwn        allow       allow     deny        allow      deny         deny           deny       deny    deny
            ListTransfers             allow       allow     allow       allow      allow        deny           allow      deny    deny
            CancelTransferFromOwn     allow       allow     deny        allow      deny         deny           deny       deny    deny
            ReopenTransfer            allow       deny      deny        deny       deny         deny           deny       deny    deny
            DirectTransfer            allow       deny      deny        deny       deny         deny           deny       deny    deny
            WatchOffersToOwn          allow       allow     deny        allow      deny         deny           deny       deny    deny
            ListOffersToOwn           allow       allow     deny        allow      deny         deny           deny       deny    deny
            RespondToOfferToOwn       allow       allow     deny        allow      deny         deny           deny       deny    deny
            WatchTransports           allow       deny      deny        deny       deny         deny           allow      deny    deny
            AssignCrew                allow       deny      deny        deny       deny         deny           allow      deny    deny
            ListAuditEvents           allow       deny      deny        deny       deny         deny           deny       deny    deny
            PlanRedistribution        allow       deny      deny        deny       deny         deny           deny       deny    deny
            GetPlan                   allow       deny      deny        deny       deny         deny           deny       deny    deny
            ApprovePlan               allow       deny      deny        deny       deny         deny           deny       deny    deny
            """;

    static final String OWN = TransferGrpcServiceTest.ARMENTIERES;
    static final String OTHER = TransferGrpcServiceTest.LILLE;
    static final String PLAN_ORIGIN = "598999001";

    static final Map<String, String> TOKENS = AccessMatrix.principals(OWN, OTHER);

    @GrpcClient("transfer")
    TransferServiceBlockingStub transfers;

    @GrpcClient("transfer")
    AuditServiceBlockingStub audit;

    @GrpcClient("transfer")
    PlanServiceBlockingStub planService;

    @OidcWireMock
    WireMockServer oidc;

    @BeforeEach
    void aRegionWhereOnlyTheOwnHospitalHasBeds() {
        ServiceTokenStub.register(oidc);
        StandInCapacityService.offer(OTHER, OWN, 20, 10_000);
        // The evacuated hospital of the plans below: in the regional picture, no bed of its own to give.
        StandInCapacityService.offer(PLAN_ORIGIN, PLAN_ORIGIN, 0, 0);
    }

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
            case "ListTransfers" -> token -> as(token).listTransfers(ListTransfersRequest.getDefaultInstance());
            case "CancelTransferFromOwn" -> token -> {
                String id = as(TOKENS.get("staff-own")).createTransfer(TransferGrpcServiceTest.request(OWN, patient()))
                        .getTransfer().getTransferId();
                as(token).cancelTransfer(CancelTransferRequest.newBuilder().setTransferId(id).setReason("matrix")
                        .setIdempotencyKey(UUID.randomUUID().toString()).build());
            };
            case "ReopenTransfer" -> token -> {
                String id = as(TOKENS.get("staff-own")).createTransfer(TransferGrpcServiceTest.request(OWN, patient()))
                        .getTransfer().getTransferId();
                as(token).reopenTransfer(ReopenTransferRequest.newBuilder().setTransferId(id).setReason("matrix")
                        .setIdempotencyKey(UUID.randomUUID().toString()).build());
            };
            case "DirectTransfer" -> token -> {
                String id = as(TOKENS.get("staff-own")).createTransfer(TransferGrpcServiceTest.request(OWN, patient()))
                        .getTransfer().getTransferId();
                as(token).directTransfer(DirectTransferRequest.newBuilder().setTransferId(id).setHospitalId(OTHER)
                        .setReason("matrix").setIdempotencyKey(UUID.randomUUID().toString()).build());
            };
            // A stream: allowed means the open offer to the hospital arrives.
            case "WatchOffersToOwn" -> {
                openOfferTo(OWN);
                yield token -> transfers.withCallCredentials(new BearerToken(token)).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .watchOffers(WatchOffersRequest.newBuilder().setHospitalId(OWN).build()).next();
            }
            case "ListOffersToOwn" -> token -> as(token).listOffers(ListOffersRequest.newBuilder().setHospitalId(OWN).build());
            case "RespondToOfferToOwn" -> token -> as(token).respondToOffer(RespondToOfferRequest.newBuilder()
                    .setOfferId(openOfferTo(OWN)).setDecline(DeclineAnswer.newBuilder().setReason(DeclineReason.DECLINE_REASON_NO_BED))
                    .setIdempotencyKey(UUID.randomUUID().toString()).build());
            case "WatchTransports" -> {
                acceptedTransferTo(OWN);
                yield token -> transfers.withCallCredentials(new BearerToken(token)).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .watchTransports(WatchTransportsRequest.newBuilder().setAfterPosition(1).build()).next();
            }
            case "AssignCrew" -> {
                String id = acceptedTransferTo(OWN);
                yield token -> as(token).updateTransport(UpdateTransportRequest.newBuilder().setTransferId(id)
                        .setAssign(AssignCrew.newBuilder().setCrewType(CrewType.CREW_TYPE_AMBULANCE).setCallSign("AMB 12"))
                        .setIdempotencyKey(UUID.randomUUID().toString()).build());
            }
            case "ListAuditEvents" -> token -> audit.withCallCredentials(new BearerToken(token))
                    .listAuditEvents(ListAuditEventsRequest.getDefaultInstance());
            case "PlanRedistribution" -> token -> plans(token).planRedistribution(planRequest());
            case "GetPlan" -> {
                String id = plans(TOKENS.get("coordinator")).planRedistribution(planRequest()).getPlan().getPlanId();
                yield token -> plans(token).getPlan(GetPlanRequest.newBuilder().setPlanId(id).build());
            }
            case "ApprovePlan" -> token -> {
                String id = plans(TOKENS.get("coordinator")).planRedistribution(planRequest()).getPlan().getPlanId();
                plans(token).approvePlan(ApprovePlanRequest.newBuilder().setPlanId(id)
                        .setIdempotencyKey(UUID.randomUUID().toString()).build());
            };
            default -> throw new IllegalArgumentException("no such operation in the table: " + name);
        };
    }

    /** A transfer from the other hospital, offered to this one (the only one with beds), its offer open. */
    private String openOfferTo(String hospital) {
        String id = as(TOKENS.get("coordinator")).createTransfer(TransferGrpcServiceTest.request(OTHER, patient()).toBuilder()
                .setRequirements(TransferGrpcServiceTest.request(OTHER, patient()).getRequirements().toBuilder()
                        .setAcuity(Acuity.ACUITY_URGENT).clearRequiredCapabilities()).build())
                .getTransfer().getTransferId();
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            var offer = as(TOKENS.get("coordinator")).getTransfer(GetTransferRequest.newBuilder().setTransferId(id).build())
                    .getTransfer().getOffersList().stream()
                    .filter(o -> o.getHospitalId().equals(hospital) && o.getStatus() == OfferStatus.OFFER_STATUS_OPEN).findFirst();
            if (offer.isPresent()) {
                return offer.get().getOfferId();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no open offer reached " + hospital);
    }

    private String acceptedTransferTo(String hospital) {
        String offer = openOfferTo(hospital);
        return as(TOKENS.get("coordinator")).respondToOffer(RespondToOfferRequest.newBuilder().setOfferId(offer)
                        .setAccept(AcceptAnswer.getDefaultInstance()).setIdempotencyKey(UUID.randomUUID().toString()).build())
                .getTransfer().getTransferId();
    }

    /** One patient of an evacuated hospital, placed wherever the stand-in's region has a bed. */
    private static PlanRedistributionRequest planRequest() {
        return PlanRedistributionRequest.newBuilder().addGroups(PatientGroup.newBuilder().setReference("matrix")
                        .setOrigin(Origin.newBuilder().setHospitalId(PLAN_ORIGIN)).setCount(1)
                        .setBedCategory(org.renfort.proto.common.v1.BedCategory.BED_CATEGORY_ADULT_ICU)
                        .setAcuity(Acuity.ACUITY_URGENT).setAgeBand(org.renfort.proto.common.v1.AgeBand.AGE_BAND_ADULT)
                        .setMaxTravelMinutes(60))
                .setIdempotencyKey(UUID.randomUUID().toString()).build();
    }

    private PlanServiceBlockingStub plans(String token) {
        return planService.withCallCredentials(new BearerToken(token));
    }

    private TransferServiceBlockingStub as(String token) {
        return transfers.withCallCredentials(new BearerToken(token));
    }

    private static String patient() {
        return "M-" + UUID.randomUUID().toString().substring(0, 12);
    }
}
