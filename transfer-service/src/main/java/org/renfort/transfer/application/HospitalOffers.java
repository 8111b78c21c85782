package org.renfort.transfer.application;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.Caller;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.servicekit.audit.AuditTrail;
import org.renfort.transfer.domain.Offer;
import org.renfort.transfer.domain.OfferFilter;
import org.renfort.transfer.domain.TransferAccess;
import org.renfort.transfer.domain.TransferDetails;
import org.renfort.transfer.persistence.FeedReads;

import java.util.List;
import java.util.Optional;

/**
 * The offers made to a hospital, as a list its staff answers from (the stream's counterpart for
 * callers that do not keep one open). Rendered like the stream: never the clinical note.
 */
@ApplicationScoped
public class HospitalOffers {
    static final String LIST_OFFERS = "ListOffers";
    static final int MAX_PAGE = 500;

    private final FeedReads reads;
    private final AuditTrail audit;

    HospitalOffers(FeedReads reads, AuditTrail audit) {
        this.reads = reads;
        this.audit = audit;
    }

    public record Listed(Offer offer, TransferDetails transfer) {
    }

    public Uni<List<Listed>> list(Caller caller, OfferFilter filter, int pageSize) {
        if (pageSize < 0 || pageSize > MAX_PAGE) {
            return Uni.createFrom().failure(new InvalidArgumentException("page_size", "must be between 1 and " + MAX_PAGE
                    + " (0 means 100)"));
        }
        HospitalId hospital = filter.hospital().orElseGet(() -> {
            if (caller.isHospitalPrincipal()) {
                return caller.ownHospital();
            }
            throw new InvalidArgumentException("hospital_id", "is required: the hospital whose offers to list");
        });
        try {
            TransferAccess.checkMayReadOffers(caller, hospital);
        } catch (PermissionDeniedException denied) {
            return audit.refuse(caller, LIST_OFFERS, hospital.value(), Optional.of(hospital), denied);
        }
        return reads.offersOf(hospital, filter.statuses(), filter.pageAfter(), pageSize == 0 ? 100 : pageSize)
                .chain(offers -> reads.transfers(offers.stream().map(Offer::transferId).distinct().toList())
                        .map(transfers -> offers.stream().map(o -> new Listed(o, transfers.get(o.transferId()))).toList()));
    }
}
