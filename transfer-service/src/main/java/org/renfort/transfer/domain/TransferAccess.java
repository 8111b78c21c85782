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

    /** Coordinators see every transfer; a hospital sees its own (origin or destination); a dispatcher those it requested. */
    public static void checkMaySee(Caller caller, Transfer transfer) {
        if (caller.has(Role.COORDINATOR) || isPartyHospital(caller, transfer)
                || (caller.has(Role.DISPATCHER) && caller.subject().equals(transfer.createdBy()))) {
            return;
        }
        throw new PermissionDeniedException("transfer " + transfer.id() + " is not visible to this caller");
    }

    /** The clinical note is for the origin, the destination and coordinators only. */
    public static boolean mayReadNote(Caller caller, Transfer transfer) {
        return caller.has(Role.COORDINATOR) || isPartyHospital(caller, transfer);
    }

    private static boolean isPartyHospital(Caller caller, Transfer transfer) {
        if (!caller.isHospitalPrincipal()) {
            return false;
        }
        Optional<HospitalId> own = caller.hospitalId();
        return own.isPresent() && (own.equals(transfer.originHospital()) || own.equals(transfer.destination()));
    }
}
