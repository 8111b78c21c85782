package org.renfort.transfer.domain;

import org.renfort.kernel.HospitalId;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What callers see of a transfer (its {@link Transfer} aggregate without the negotiation's
 * bookkeeping). {@code externalReference}: the requester's own identifier of the request.
 * {@code waitingReason} says why nothing is moving when that is the case
 * (capacity-service unreachable, no candidate left), empty otherwise. {@code dispatchCenter}: who
 * handles its transport ({@link DispatchCenters}).
 */
public record TransferDetails(UUID id, Origin origin, TransferRequirements requirements, ClinicalNote note,
                              TransferStatus status, Optional<HospitalId> destination, Instant createdAt, String createdBy,
                              String waitingReason, Optional<Transport> transport, Instant updatedAt,
                              Optional<String> dispatchCenter, Optional<ExternalReference> externalReference) {

    /** The same transfer as a caller who may not read the clinical note sees it. */
    public TransferDetails withoutNote() {
        return new TransferDetails(id, origin, requirements, new ClinicalNote(""), status, destination, createdAt, createdBy,
                waitingReason, transport, updatedAt, dispatchCenter, externalReference);
    }

    public Optional<HospitalId> originHospital() {
        return origin instanceof Origin.AtHospital at ? Optional.of(at.hospitalId()) : Optional.empty();
    }
}
