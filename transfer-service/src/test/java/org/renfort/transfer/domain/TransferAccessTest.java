package org.renfort.transfer.domain;

import org.junit.jupiter.api.Test;
import org.renfort.kernel.Caller;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.Role;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.renfort.transfer.domain.TransferFixtures.A;
import static org.renfort.transfer.domain.TransferFixtures.B;
import static org.renfort.transfer.domain.TransferFixtures.NOW;
import static org.renfort.transfer.domain.TransferFixtures.ORIGIN;
import static org.renfort.transfer.domain.TransferFixtures.in;
import static org.renfort.transfer.domain.TransferFixtures.offer;

/** Who may do what on a transfer, one rule at a time. */
class TransferAccessTest {
    static final Caller COORDINATOR = new Caller("coordinator-ars", Set.of(Role.COORDINATOR), Optional.empty(), "r1");
    static final Caller DISPATCHER = new Caller("samu-59", Set.of(Role.DISPATCHER), Optional.empty(), "r2", Optional.of("SAMU59"));
    static final Caller OTHER_DISPATCHER = new Caller("samu-62", Set.of(Role.DISPATCHER), Optional.empty(), "r3", Optional.of("SAMU62"));
    static final Caller ORIGIN_STAFF = staff(ORIGIN);
    static final Caller DESTINATION_STAFF = staff(A);
    static final Caller OTHER_STAFF = staff(B);

    static Caller staff(HospitalId hospital) {
        return new Caller("staff-" + hospital.value(), Set.of(Role.HOSPITAL_STAFF), Optional.of(hospital), "r");
    }

    @Test
    void requestsComeFromTheOriginFromTheFieldByDispatchOrFromCoordinators() {
        Origin atOrigin = new Origin.AtHospital(ORIGIN);
        Origin field = new Origin.InTheField(new GeoPoint(50.69, 2.88));
        assertDoesNotThrow(() -> TransferAccess.checkMayRequest(ORIGIN_STAFF, atOrigin));
        assertDoesNotThrow(() -> TransferAccess.checkMayRequest(COORDINATOR, atOrigin));
        assertDoesNotThrow(() -> TransferAccess.checkMayRequest(DISPATCHER, field));
        assertThrows(PermissionDeniedException.class, () -> TransferAccess.checkMayRequest(OTHER_STAFF, atOrigin));
        assertThrows(PermissionDeniedException.class, () -> TransferAccess.checkMayRequest(DISPATCHER, atOrigin));
        assertThrows(PermissionDeniedException.class, () -> TransferAccess.checkMayRequest(ORIGIN_STAFF, field));
    }

    @Test
    void theClinicalNoteIsForTheTwoHospitalsAndCoordinatorsOnly() {
        TransferDetails accepted = in(TransferStatus.ACCEPTED).details();
        assertTrue(TransferAccess.mayReadNote(ORIGIN_STAFF, accepted));
        assertTrue(TransferAccess.mayReadNote(DESTINATION_STAFF, accepted));
        assertTrue(TransferAccess.mayReadNote(COORDINATOR, accepted));
        assertFalse(TransferAccess.mayReadNote(DISPATCHER, accepted));
        assertFalse(TransferAccess.mayReadNote(OTHER_STAFF, accepted));
        assertThrows(PermissionDeniedException.class, () -> TransferAccess.checkMaySee(OTHER_STAFF, accepted));
        assertDoesNotThrow(() -> TransferAccess.checkMaySee(DISPATCHER, accepted), "accepted: dispatch needs it");
        assertThrows(PermissionDeniedException.class, () -> TransferAccess.checkMaySee(DISPATCHER,
                in(TransferStatus.NEGOTIATING).details()), "not its request and nothing to carry yet");
    }

    /**
     * A transfer's transport is handled by the SAMU of its origin's department (from the FINESS
     * number), or by the dispatcher's centre that asked for a patient in the field: another
     * centre neither sees it nor moves it; one nobody could assign is every centre's.
     */
    @Test
    void aDispatchCentreSeesAndMovesTheTransportsItHandlesOnly() {
        TransferDetails accepted = in(TransferStatus.ACCEPTED).details();
        assertTrue(accepted.dispatchCenter().equals(Optional.of("SAMU59")), accepted.dispatchCenter().toString());
        assertTrue(TransferAccess.maySee(DISPATCHER, accepted));
        assertFalse(TransferAccess.maySee(OTHER_DISPATCHER, accepted));
        assertThrows(PermissionDeniedException.class, () -> TransferAccess.checkMayUpdateTransport(OTHER_DISPATCHER,
                in(TransferStatus.IN_TRANSIT).details(), new TransportStep.Arrived()));
        TransferDetails unassigned = new TransferDetails(accepted.id(), accepted.origin(), accepted.requirements(), accepted.note(),
                accepted.status(), accepted.destination(), accepted.createdAt(), accepted.createdBy(), accepted.waitingReason(),
                accepted.transport(), accepted.updatedAt(), Optional.empty(), Optional.empty());
        assertTrue(TransferAccess.maySee(OTHER_DISPATCHER, unassigned), "nobody could tell which centre: every centre's");

        assertEquals(Optional.of("SAMU59"), DispatchCenters.responsibleFor(new Origin.AtHospital(new HospitalId("590000017")),
                Optional.of("SAMU62")), "a hospital's transfer goes to its department's SAMU, whoever asked");
        assertEquals(Optional.of("SAMU2A"), DispatchCenters.responsibleFor(new Origin.AtHospital(new HospitalId("2A0000015")),
                Optional.empty()));
        assertEquals(Optional.of("SAMU974"), DispatchCenters.responsibleFor(new Origin.AtHospital(new HospitalId("970421038")),
                Optional.empty()), "overseas: 970 and the department's last digit");
        Origin field = new Origin.InTheField(new GeoPoint(50.69, 2.88));
        assertEquals(Optional.of("SAMU62"), DispatchCenters.responsibleFor(field, Optional.of("SAMU62")));
        assertEquals(Optional.empty(), DispatchCenters.responsibleFor(field, Optional.empty()));
    }

    @Test
    void theHospitalAskedAnswersOrACoordinatorOnItsBehalf() {
        Offer toA = offer(A, OfferStatus.OPEN);
        assertDoesNotThrow(() -> TransferAccess.checkMayAnswer(DESTINATION_STAFF, toA));
        assertDoesNotThrow(() -> TransferAccess.checkMayAnswer(COORDINATOR, toA));
        assertThrows(PermissionDeniedException.class, () -> TransferAccess.checkMayAnswer(OTHER_STAFF, toA));
        assertThrows(PermissionDeniedException.class, () -> TransferAccess.checkMayAnswer(ORIGIN_STAFF, toA));
        assertThrows(PermissionDeniedException.class, () -> TransferAccess.checkMayAnswer(DISPATCHER, toA));
    }

    @Test
    void dispatchMovesThePatientAndTheDestinationConfirms() {
        TransferDetails inTransit = in(TransferStatus.IN_TRANSIT).details();
        assertDoesNotThrow(() -> TransferAccess.checkMayUpdateTransport(DISPATCHER, inTransit, new TransportStep.Arrived()));
        assertDoesNotThrow(() -> TransferAccess.checkMayUpdateTransport(DESTINATION_STAFF, inTransit, new TransportStep.Arrived()));
        assertDoesNotThrow(() -> TransferAccess.checkMayUpdateTransport(DESTINATION_STAFF, inTransit, new TransportStep.Completed()));
        assertThrows(PermissionDeniedException.class,
                () -> TransferAccess.checkMayUpdateTransport(DISPATCHER, inTransit, new TransportStep.Completed()));
        assertThrows(PermissionDeniedException.class,
                () -> TransferAccess.checkMayUpdateTransport(DESTINATION_STAFF, inTransit, new TransportStep.Departed()));
        assertThrows(PermissionDeniedException.class,
                () -> TransferAccess.checkMayUpdateTransport(ORIGIN_STAFF, inTransit, new TransportStep.Arrived()));
        TransportStep.Progress eta = new TransportStep.Progress(Optional.of(NOW.plusSeconds(600)), Optional.empty());
        assertDoesNotThrow(() -> TransferAccess.checkMayUpdateTransport(DISPATCHER, inTransit, eta));
        assertThrows(PermissionDeniedException.class, () -> TransferAccess.checkMayUpdateTransport(DESTINATION_STAFF, inTransit, eta),
                "the crew's progress is dispatch's to report");
    }

    @Test
    void whoeverAskedMayCallItOff() {
        TransferDetails negotiating = in(TransferStatus.NEGOTIATING).details();
        assertDoesNotThrow(() -> TransferAccess.checkMayCancel(ORIGIN_STAFF, negotiating));
        assertDoesNotThrow(() -> TransferAccess.checkMayCancel(COORDINATOR, negotiating));
        assertThrows(PermissionDeniedException.class, () -> TransferAccess.checkMayCancel(OTHER_STAFF, negotiating));
        assertThrows(PermissionDeniedException.class, () -> TransferAccess.checkMayCancel(DISPATCHER, negotiating),
                "a dispatcher cancels only what it requested");
    }
}
