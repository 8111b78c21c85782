package org.renfort.transfer.domain.plan;

import org.renfort.kernel.HospitalId;
import org.renfort.transfer.domain.TransferStatus;

import java.util.Optional;
import java.util.UUID;

/** Where the transfer of an approved patient stands, and where it goes once accepted. */
public record ApprovedTransfer(UUID transferId, TransferStatus status, Optional<HospitalId> destination) {
}
