package org.renfort.transfer.domain;

import org.renfort.kernel.Caller;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.Role;

import java.util.Optional;

/** Who may request, see and read the clinical note of a transfer. */
public final class TransferAccess {
    private TransferAccess() {
    }

    /**
     * Coordinators request for any origin; hospital principals only from their own hospital;
     * dispatchers only for a patient in the field.
     */
    public static void checkMayRequest(Caller caller, Origin origin) {
        if (caller.has(Role.COORDINATOR)) {
            return;
        }
        if (origin instanceof Origin.AtHospital at && caller.isHospitalPrincipal()) {
            HospitalId own = caller.ownHospital();
            if (!own.equals(at.hospitalId())) {
                throw new PermissionDeniedException("a hospital principal of " + own
                        + " may not request a transfer from " + at.hospitalId());
            }
            return;
        }
        if (origin instanceof Origin.InTheField && caller.has(Role.DISPATCHER)) {
            return;
        }
        throw new PermissionDeniedException(origin instanceof Origin.InTheField
                ? "only dispatchers and coordinators request transfers from the field"
                : "only the origin hospital and coordinators request transfers from a hospital");
    }

    /**
     * Coordinators see every transfer; a hospital sees its own (origin or destination); a
     * dispatcher those it requested, and those accepted somewhere that its dispatch centre
     * handles (they need a transport; one without a dispatch centre, every centre).
     */
    public static void checkMaySee(Caller caller, TransferDetails transfer) {
        if (!maySee(caller, transfer)) {
            throw new PermissionDeniedException("transfer " + transfer.id() + " is not visible to this caller");
        }
    }

    public static boolean maySee(Caller caller, TransferDetails transfer) {
        return caller.has(Role.COORDINATOR) || isPartyHospital(caller, transfer)
                || (caller.has(Role.DISPATCHER) && (caller.subject().equals(transfer.createdBy())
                || (transfer.destination().isPresent() && handles(caller, transfer))));
    }

    /** The transfer's transport is the caller's dispatch centre's to handle (or anyone's, when it has none). */
    private static boolean handles(Caller caller, TransferDetails transfer) {
        return transfer.dispatchCenter().isEmpty() || transfer.dispatchCenter().equals(caller.dispatchCenter());
    }

    /** The clinical note is for the origin, the destination and coordinators only. */
    public static boolean mayReadNote(Caller caller, TransferDetails transfer) {
        return caller.has(Role.COORDINATOR) || isPartyHospital(caller, transfer);
    }

    /** Offers made so far: for the origin and coordinators, who follow the negotiation. */
    public static boolean maySeeOffers(Caller caller, TransferDetails transfer) {
        return caller.has(Role.COORDINATOR) || (caller.isHospitalPrincipal()
                && caller.hospitalId().isPresent() && caller.hospitalId().equals(transfer.originHospital()));
    }

    /** The hospital asked answers; a coordinator may answer on its behalf (its systems are down, it phoned). */
    public static void checkMayAnswer(Caller caller, Offer offer) {
        if (caller.has(Role.COORDINATOR)) {
            return;
        }
        if (caller.isHospitalPrincipal() && caller.ownHospital().equals(offer.hospital())) {
            return;
        }
        throw new PermissionDeniedException("offer " + offer.id() + " was made to " + offer.hospital()
                + ": only that hospital or a coordinator may answer it");
    }

    /** A hospital sees its own offers (list or stream); coordinators any hospital's. */
    public static void checkMayReadOffers(Caller caller, HospitalId hospital) {
        if (caller.has(Role.COORDINATOR)) {
            return;
        }
        if (caller.isHospitalPrincipal() && caller.ownHospital().equals(hospital)) {
            return;
        }
        throw new PermissionDeniedException("only " + hospital + " and coordinators may see the offers made to " + hospital);
    }

    /** Whoever asked may call it off: the origin hospital, the dispatcher who requested it, coordinators. */
    public static void checkMayCancel(Caller caller, TransferDetails transfer) {
        if (caller.has(Role.COORDINATOR)
                || (caller.isHospitalPrincipal() && caller.hospitalId().isPresent()
                && caller.hospitalId().equals(transfer.originHospital()))
                || (caller.has(Role.DISPATCHER) && caller.subject().equals(transfer.createdBy()))) {
            return;
        }
        throw new PermissionDeniedException("only the origin hospital, the dispatcher who requested it and coordinators "
                + "may cancel transfer " + transfer.id());
    }

    /** Dispatch moves the patient; the destination confirms arrival and completion; coordinators anything. */
    public static void checkMayUpdateTransport(Caller caller, TransferDetails transfer, TransportStep step) {
        if (caller.has(Role.COORDINATOR)) {
            return;
        }
        boolean dispatchStep = !(step instanceof TransportStep.Completed);
        if (dispatchStep && caller.has(Role.DISPATCHER)
                && (caller.subject().equals(transfer.createdBy()) || handles(caller, transfer))) {
            return;
        }
        boolean destinationStep = step instanceof TransportStep.Arrived || step instanceof TransportStep.Completed;
        if (destinationStep && caller.isHospitalPrincipal() && caller.hospitalId().isPresent()
                && caller.hospitalId().equals(transfer.destination())) {
            return;
        }
        throw new PermissionDeniedException("this caller may not " + step.action() + " transfer " + transfer.id()
                + ": the dispatch centre that handles it assigns crews and reports departures and arrivals, "
                + "the destination hospital reports arrival and completion");
    }

    private static boolean isPartyHospital(Caller caller, TransferDetails transfer) {
        if (!caller.isHospitalPrincipal()) {
            return false;
        }
        Optional<HospitalId> own = caller.hospitalId();
        return own.isPresent() && (own.equals(transfer.originHospital()) || own.equals(transfer.destination()));
    }
}
