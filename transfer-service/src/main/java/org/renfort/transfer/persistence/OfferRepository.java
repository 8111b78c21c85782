package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.HospitalId;
import org.renfort.transfer.domain.DeclineReason;
import org.renfort.transfer.domain.Offer;
import org.renfort.transfer.domain.OfferStatus;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Offers and the hold work they owe. Callers hold the transfer's lock when they change an offer. */
@ApplicationScoped
public class OfferRepository implements PanacheRepositoryBase<OfferEntity, UUID> {

    public Uni<List<OfferEntity>> ofTransfer(UUID transferId) {
        return list("transferId = ?1 order by createdAt desc, hospitalId", transferId);
    }

    public Uni<List<OfferEntity>> live(UUID transferId) {
        return list("transferId = ?1 and status in ?2", transferId,
                List.of(OfferStatus.HOLDING.name(), OfferStatus.OPEN.name()));
    }

    /**
     * Hospitals not to ask in the next round: every hospital asked in the current pass, those
     * that declined since the last re-open, and those that deferred to a time still ahead.
     */
    public Uni<Set<HospitalId>> notToAsk(UUID transferId, int passStartRound, int campaign, Instant now) {
        return list("transferId = ?1 and (round >= ?2 or (campaign = ?3 and (status = 'DECLINED' "
                        + "or (status = 'DEFERRED' and availableFrom > ?4))))", transferId, passStartRound, campaign, now)
                .map(rows -> {
                    Set<HospitalId> hospitals = new HashSet<>();
                    rows.forEach(o -> hospitals.add(new HospitalId(o.hospitalId)));
                    return hospitals;
                });
    }

    /** The first time a deferring hospital said it could take the patient, if still ahead. */
    public Uni<Optional<Instant>> nextDeferral(UUID transferId, int campaign, Instant now) {
        return find("transferId = ?1 and campaign = ?2 and status = 'DEFERRED' and availableFrom > ?3 order by availableFrom",
                transferId, campaign, now).firstResult().map(o -> Optional.ofNullable(o).map(e -> e.availableFrom));
    }

    public Uni<List<OfferEntity>> overdue(UUID transferId, Instant now) {
        return list("transferId = ?1 and status = 'OPEN' and deadline <= ?2", transferId, now);
    }

    /** Offers whose hold work is due, taken with a lease like rounds (see TransferRepository). */
    public Uni<List<UUID>> claimDueHoldWork(Instant now, Instant leaseUntil, int limit) {
        // A lost claim is harmless (the work is simply due again): no need to wait for the disk.
        return Panache.getSession().chain(s -> s.createNativeQuery("set local synchronous_commit to off").executeUpdate()
                        .replaceWith(s)).flatMap(s -> s.createNativeQuery("select offer_id from offer where hold_action is not null "
                                + "and hold_action_at <= :now order by hold_action_at limit :n for update skip locked", UUID.class)
                .setParameter("now", now).setParameter("n", limit).getResultList()
                .flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(ids)
                        : s.createNativeQuery("update offer set hold_action_at = :lease where offer_id in (:ids)")
                        .setParameter("lease", leaseUntil).setParameter("ids", ids).executeUpdate().replaceWith(ids)));
    }

    public static Offer toDomain(OfferEntity e) {
        return new Offer(e.offerId, e.transferId, new HospitalId(e.hospitalId), OfferStatus.valueOf(e.status),
                e.travelMinutes, Optional.ofNullable(e.holdId), Optional.ofNullable(e.deadline),
                Optional.ofNullable(e.offeredAt), Optional.ofNullable(e.declineReason).map(DeclineReason::valueOf),
                e.answerText, Optional.ofNullable(e.availableFrom));
    }
}
