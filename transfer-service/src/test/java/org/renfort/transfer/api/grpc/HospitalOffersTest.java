package org.renfort.transfer.api.grpc;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.renfort.localpg.PostgresTestResource;
import org.renfort.proto.audit.v1.AuditOutcome;
import org.renfort.proto.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub;
import org.renfort.proto.audit.v1.ListAuditEventsRequest;
import org.renfort.proto.transfer.v1.DeclineAnswer;
import org.renfort.proto.transfer.v1.DeclineReason;
import org.renfort.proto.transfer.v1.GetTransferRequest;
import org.renfort.proto.transfer.v1.ListOffersRequest;
import org.renfort.proto.transfer.v1.ListOffersResponse;
import org.renfort.proto.transfer.v1.Offer;
import org.renfort.proto.transfer.v1.OfferStatus;
import org.renfort.proto.transfer.v1.RespondToOfferRequest;
import org.renfort.proto.transfer.v1.TransferServiceGrpc.TransferServiceBlockingStub;
import org.renfort.testsupport.BearerToken;
import org.renfort.testsupport.TestTokens;
import org.renfort.testsupport.standin.StandInCapacityService;
import org.renfort.transfer.ServiceTokenStub;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.renfort.testsupport.Eventually.eventually;

/**
 * A hospital's offers as a list (ListOffers): its staff see what waits for their answer - with
 * what they need to decide, never the clinical note - page by page, filtered by status; nobody
 * else's hospital sees them.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_transfer"))
class HospitalOffersTest {
    static final String ORIGIN = "597100001";
    static final String RECEIVER = "597100009";
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");

    @GrpcClient("transfer")
    TransferServiceBlockingStub transfers;

    @GrpcClient("transfer")
    AuditServiceBlockingStub audit;

    @OidcWireMock
    WireMockServer oidc;

    @Test
    void aHospitalListsItsOffersPageByPageFilteredByStatusWithoutTheClinicalNote() {
        ServiceTokenStub.register(oidc);
        StandInCapacityService.offer(ORIGIN, RECEIVER, 25, 100);
        String staff = TestTokens.hospital("staff-" + RECEIVER, "hospital-staff", RECEIVER);
        List<String> transferIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            transferIds.add(as(COORDINATOR).createTransfer(TransferGrpcServiceTest.request(ORIGIN, "LIST-" + UUID.randomUUID()))
                    .getTransfer().getTransferId());
        }
        List<String> offerIds = transferIds.stream().map(this::openOfferTo).toList();

        List<Offer> open = eventually(() -> all(staff, OfferStatus.OFFER_STATUS_OPEN), list -> list.size() == 5);
        assertEquals(Set.copyOf(offerIds), ids(open));
        Offer first = open.get(0);
        assertEquals(RECEIVER, first.getHospitalId());
        assertEquals(ORIGIN, first.getOrigin().getHospitalId(), "what the hospital needs to decide: where from");
        assertTrue(first.getRequirements().getPatientReference().startsWith("LIST-"), "and for whom (pseudonymous)");
        assertEquals(25, first.getTravelMinutes());
        assertTrue(first.hasDeadline(), "and until when");
        assertFalse(first.toString().contains(TransferGrpcServiceTest.NOTE), "never the clinical note");
        for (int i = 1; i < open.size(); i++) {
            assertTrue(open.get(i - 1).getOfferedAt().getSeconds() >= open.get(i).getOfferedAt().getSeconds(), "newest first");
        }

        // Answered, it leaves the open ones and is found among the declined.
        as(staff).respondToOffer(RespondToOfferRequest.newBuilder().setOfferId(offerIds.get(2))
                .setDecline(DeclineAnswer.newBuilder().setReason(DeclineReason.DECLINE_REASON_NO_STAFF))
                .setIdempotencyKey(UUID.randomUUID().toString()).build());
        assertEquals(4, all(staff, OfferStatus.OFFER_STATUS_OPEN).size());
        assertEquals(Set.of(offerIds.get(2)), ids(all(staff, OfferStatus.OFFER_STATUS_DECLINED)));
        assertEquals(Set.copyOf(offerIds), ids(all(staff, null)), "no status: every offer");
        assertEquals(Set.copyOf(offerIds), ids(all(COORDINATOR, null)), "a coordinator names the hospital");
    }

    @Test
    void onlyTheHospitalAndCoordinatorsSeeItsOffersAndBadRequestsAreNamed() {
        String other = TestTokens.hospital("staff-" + ORIGIN, "hospital-staff", ORIGIN);
        assertStatus(Status.Code.PERMISSION_DENIED, "only " + RECEIVER + " and coordinators",
                () -> as(other).listOffers(ListOffersRequest.newBuilder().setHospitalId(RECEIVER).build()));
        assertTrue(audit.withCallCredentials(new BearerToken(COORDINATOR)).listAuditEvents(ListAuditEventsRequest.newBuilder()
                        .setAction("ListOffers").build()).getEventsList().stream()
                .anyMatch(e -> e.getOutcome() == AuditOutcome.AUDIT_OUTCOME_DENIED && e.getTarget().equals(RECEIVER)),
                "the refused look is in the audit trail");
        assertStatus(Status.Code.INVALID_ARGUMENT, "hospital_id",
                () -> as(COORDINATOR).listOffers(ListOffersRequest.getDefaultInstance()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "page_token",
                () -> as(COORDINATOR).listOffers(ListOffersRequest.newBuilder().setHospitalId(RECEIVER).setPageToken("forged").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "page_size",
                () -> as(COORDINATOR).listOffers(ListOffersRequest.newBuilder().setHospitalId(RECEIVER).setPageSize(501).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "statuses[0]",
                () -> as(COORDINATOR).listOffers(ListOffersRequest.newBuilder().setHospitalId(RECEIVER).addStatusesValue(99).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, "",
                () -> as(TestTokens.user("dispatcher-samu59", "dispatcher")).listOffers(
                        ListOffersRequest.newBuilder().setHospitalId(RECEIVER).build()));
    }

    /** The receiving hospital's offers with that status (null: any), two per page, checking that pages do not overlap. */
    private List<Offer> all(String token, OfferStatus status) {
        List<Offer> offers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String page = "";
        do {
            ListOffersRequest.Builder request = ListOffersRequest.newBuilder().setPageSize(2).setPageToken(page);
            if (token.equals(COORDINATOR)) {
                request.setHospitalId(RECEIVER); // the hospital's own staff may leave it out
            }
            if (status != null) {
                request.addStatuses(status);
            }
            ListOffersResponse response = as(token).listOffers(request.build());
            for (Offer offer : response.getOffersList()) {
                assertTrue(seen.add(offer.getOfferId()), "an offer on two pages: " + offer.getOfferId());
                offers.add(offer);
            }
            page = response.getNextPageToken();
        } while (!page.isEmpty());
        return offers;
    }

    private static Set<String> ids(List<Offer> offers) {
        return offers.stream().map(Offer::getOfferId).collect(java.util.stream.Collectors.toSet());
    }

    private String openOfferTo(String transferId) {
        return eventually(() -> as(COORDINATOR).getTransfer(GetTransferRequest.newBuilder().setTransferId(transferId).build())
                        .getTransfer().getOffersList().stream()
                        .filter(o -> o.getHospitalId().equals(RECEIVER) && o.getStatus() == OfferStatus.OFFER_STATUS_OPEN)
                        .map(Offer::getOfferId).findFirst().orElse(""),
                id -> !id.isEmpty());
    }

    private TransferServiceBlockingStub as(String token) {
        return transfers.withCallCredentials(new BearerToken(token));
    }

    private static void assertStatus(Status.Code code, String part, org.junit.jupiter.api.function.Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), () -> "description: " + e.getStatus().getDescription());
        assertTrue(String.valueOf(e.getStatus().getDescription()).contains(part), () -> e.getStatus().getDescription());
    }
}
