package org.renfort.transfer.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.HospitalId;
import org.renfort.servicekit.SessionSql;
import org.renfort.transfer.domain.DeclineReason;
import org.renfort.transfer.domain.HoldAction;
import org.renfort.transfer.domain.Offer;
import org.renfort.transfer.domain.OfferStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Offers and the hold work they owe. An offer changes only with its transfer (see TransferRepository#save). */
@ApplicationScoped
public class OfferRepository implements PanacheRepositoryBase<OfferEntity, UUID> {

    public Uni<Optional<Offer>> find(UUID offerId) {
        return findById(offerId).map(e -> Optional.ofNullable(e).map(OfferRepository::toDomain));
    }

    /** Offers by id, as stored (the hold work's pass reads them on the session's connection, without entities). */
    public Uni<List<Offer>> findAll(Collection<UUID> offerIds) {
        return Panache.getSession().flatMap(s -> SessionSql.select(s, FIND_ALL, (Object) offerIds.toArray(UUID[]::new)))
                .map(rows -> rows.stream().map(row -> toDomain(TransferRows.OFFER.read(row))).toList());
    }

    private static final String FIND_ALL = "select " + TransferRows.OFFER.columnList("") + " from offer where offer_id = any($1)";

    /** Newest first, as callers list them. */
    public Uni<List<Offer>> ofTransfer(UUID transferId) {
        return list("transferId = ?1 order by createdAt desc, hospitalId", transferId)
                .map(rows -> rows.stream().map(OfferRepository::toDomain).toList());
    }

    /** Offers whose hold work is due, taken with a lease like rounds (see TransferRepository). */
    public Uni<List<UUID>> claimDueHoldWork(Instant now, Instant leaseUntil, int limit) {
        // A lost claim is harmless (the work is simply due again): no need to wait for the disk.
        return Panache.getSession().flatMap(s -> SessionSql.select(s, TransferRepository.COMMIT_WITHOUT_WAITING_FOR_THE_DISK)
                        .chain(() -> SessionSql.select(s, CLAIM_DUE_HOLD_WORK, now, (long) limit, leaseUntil)))
                .map(SessionSql::uuids);
    }

    /** Takes and leases in one statement, as TransferRepository's claims of rounds. */
    private static final String CLAIM_DUE_HOLD_WORK = "with due as (select offer_id from offer where hold_action is not null "
            + "and hold_action_at <= $1 order by hold_action_at limit $2 for update skip locked) "
            + "update offer o set hold_action_at = $3 from due where o.offer_id = due.offer_id returning o.offer_id";

    public static Offer toDomain(OfferEntity e) {
        return new Offer(e.offerId, e.transferId, new HospitalId(e.hospitalId), e.campaign, e.round,
                OfferStatus.valueOf(e.status), e.travelMinutes, e.createdAt, Optional.ofNullable(e.holdId),
                Optional.ofNullable(e.deadline), Optional.ofNullable(e.offeredAt), Optional.ofNullable(e.answeredAt),
                Optional.ofNullable(e.answeredBy), Optional.ofNullable(e.declineReason).map(DeclineReason::valueOf),
                e.answerText, Optional.ofNullable(e.availableFrom),
                e.holdAction == null ? Optional.empty()
                        : Optional.of(new Offer.HoldWork(HoldAction.valueOf(e.holdAction), e.holdActionAt)),
                Optional.ofNullable(e.holdExpiresAt));
    }

    /** Copies an offer onto its row; Hibernate writes it only if something changed. */
    static OfferEntity copy(Offer o, OfferEntity e) {
        e.offerId = o.id();
        e.transferId = o.transferId();
        e.hospitalId = o.hospital().value();
        e.campaign = o.campaign();
        e.round = o.round();
        e.status = o.status().name();
        e.travelMinutes = o.travelMinutes();
        e.createdAt = o.createdAt();
        e.holdId = o.holdId().orElse(null);
        e.deadline = o.deadline().orElse(null);
        e.offeredAt = o.offeredAt().orElse(null);
        e.answeredAt = o.answeredAt().orElse(null);
        e.answeredBy = o.answeredBy().orElse(null);
        e.declineReason = o.declineReason().map(Enum::name).orElse(null);
        e.answerText = o.answerText();
        e.availableFrom = o.availableFrom().orElse(null);
        e.holdAction = o.holdWork().map(w -> w.action().name()).orElse(null);
        e.holdActionAt = o.holdWork().map(Offer.HoldWork::due).orElse(null);
        e.holdExpiresAt = o.holdExpiresAt().orElse(null);
        return e;
    }
}
