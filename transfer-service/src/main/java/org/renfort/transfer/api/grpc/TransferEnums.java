package org.renfort.transfer.api.grpc;

import org.renfort.servicekit.EnumBridge;
import org.renfort.kernel.Acuity;
import org.renfort.transfer.domain.CrewType;
import org.renfort.transfer.domain.DeclineReason;
import org.renfort.transfer.domain.OfferEventKind;
import org.renfort.transfer.domain.OfferStatus;
import org.renfort.transfer.domain.TransferStatus;

/** The bridges of renfort.transfer.v1's enums to the domain's (the shared ones are in CommonEnums). */
final class TransferEnums {
    static final EnumBridge<TransferStatus, org.renfort.proto.transfer.v1.TransferStatus> TRANSFER_STATUS =
            EnumBridge.of(TransferStatus.class, org.renfort.proto.transfer.v1.TransferStatus.class);
    static final EnumBridge<Acuity, org.renfort.proto.transfer.v1.Acuity> ACUITY =
            EnumBridge.of(Acuity.class, org.renfort.proto.transfer.v1.Acuity.class);
    static final EnumBridge<DeclineReason, org.renfort.proto.transfer.v1.DeclineReason> DECLINE_REASON =
            EnumBridge.of(DeclineReason.class, org.renfort.proto.transfer.v1.DeclineReason.class);
    static final EnumBridge<CrewType, org.renfort.proto.transfer.v1.CrewType> CREW_TYPE =
            EnumBridge.of(CrewType.class, org.renfort.proto.transfer.v1.CrewType.class);
    static final EnumBridge<OfferStatus, org.renfort.proto.transfer.v1.OfferStatus> OFFER_STATUS =
            EnumBridge.of(OfferStatus.class, org.renfort.proto.transfer.v1.OfferStatus.class);

    static final EnumBridge<OfferEventKind, org.renfort.proto.transfer.v1.OfferEventKind> OFFER_EVENT_KIND =
            EnumBridge.of(OfferEventKind.class, org.renfort.proto.transfer.v1.OfferEventKind.class);

    private TransferEnums() {
    }
}
