package org.renfort.transfer.application;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.Caller;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.NotFoundException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.servicekit.audit.AuditTrail;
import org.renfort.transfer.domain.Origin;
import org.renfort.transfer.domain.Transfer;
import org.renfort.transfer.domain.TransferDetails;
import org.renfort.transfer.domain.TransferAccess;
import org.renfort.transfer.domain.TransferRequest;
import org.renfort.transfer.persistence.TransferRepository;

import org.renfort.kernel.Role;
import org.renfort.transfer.domain.Offer;
import org.renfort.transfer.domain.TransferFilter;
import org.renfort.transfer.domain.TransferView;
import org.renfort.transfer.persistence.OfferRepository;

import org.renfort.transfer.client.HospitalDirectory;
import org.renfort.transfer.config.NegotiationConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Records transfer requests durably before acknowledging them, and shows them to who may see them. */
@ApplicationScoped
public class TransferRequests {
    private static final String UNIQUE_VIOLATION = "23505";

    static final String CREATE = "CreateTransfer";
    static final String GET = "GetTransfer";

    static final int MAX_PAGE = 500;

    private final TransferRepository transfers;
    private final OfferRepository offers;
    private final NegotiationScheduler negotiation;
    private final HospitalDirectory directory;
    private final Duration lease;
    private final AuditTrail audit;
    private final Clock clock;

    TransferRequests(TransferRepository transfers, OfferRepository offers, NegotiationScheduler negotiation, HospitalDirectory directory,
                     AuditTrail audit, NegotiationConfig config, Clock clock) {
        this.directory = directory;
        this.lease = config.lease();
        this.transfers = transfers;
        this.offers = offers;
        this.negotiation = negotiation;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Stored, then acknowledged; the negotiator starts on it as soon as the transaction has committed.
     * Every hospital it names must be registered: an unknown one is NOT_FOUND, and nothing is stored.
     */
    public Uni<TransferDetails> create(Caller caller, TransferRequest request) {
        try {
            TransferAccess.checkMayRequest(caller, request.origin());
        } catch (PermissionDeniedException denied) {
            return audit.refuse(caller, CREATE, describe(request.origin()), originHospital(request.origin()), denied);
        }
        return directory.unknownAmong(references(request)).flatMap(unknown -> unknown.isEmpty()
                ? store(caller, request)
                : Uni.createFrom().failure(new NotFoundException(unknownReference(request, unknown.iterator().next()))));
    }

    private static List<HospitalId> references(TransferRequest request) {
        List<HospitalId> ids = new ArrayList<>();
        if (request.origin() instanceof Origin.AtHospital at) {
            ids.add(at.hospitalId());
        }
        ids.addAll(request.requirements().preferredHospitals());
        ids.addAll(request.requirements().excludedHospitals());
        return ids;
    }

    private static String unknownReference(TransferRequest request, HospitalId unknown) {
        String field = request.origin() instanceof Origin.AtHospital at && at.hospitalId().equals(unknown) ? "origin.hospital_id"
                : request.requirements().preferredHospitals().contains(unknown) ? "requirements.preferred_hospital_ids"
                : "requirements.excluded_hospital_ids";
        return field + ": hospital " + unknown + " is not registered";
    }

    private Uni<TransferDetails> store(Caller caller, TransferRequest request) {
        String fingerprint = request.fingerprint();
        AtomicBoolean isNew = new AtomicBoolean();
        AtomicReference<Instant> firstRoundLease = new AtomicReference<>();
        boolean ownFirstRound = negotiation.reserveFirstRound();
        return Panache.withTransaction(() -> transfers.findByIdempotencyKey(caller.subject(), request.idempotencyKey().value())
                .flatMap(previous -> previous.isPresent()
                        ? resent(previous.get(), fingerprint)
                        : createNew(caller, request, fingerprint, ownFirstRound, firstRoundLease).invoke(() -> isNew.set(true))))
                .onTermination().invoke((t, failure, cancelled) -> {
                    if (isNew.get() && failure == null && !cancelled) {
                        if (ownFirstRound) {
                            negotiation.startFirstRound(t, firstRoundLease.get());
                        } else {
                            negotiation.wake();
                        }
                    } else if (ownFirstRound) {
                        negotiation.cancelFirstRound();
                    }
                })
                .map(t -> visibleTo(caller, t))
                .onFailure(TransferRequests::isUniqueViolation).transform(e -> new FailedPreconditionException(
                        "a concurrent request conflicts with this one: the patient reference already has a live "
                                + "transfer, or this idempotency key was just used (resend to get its result)"));
    }

    private Uni<TransferDetails> resent(TransferRepository.Stored previous, String fingerprint) {
        if (!previous.fingerprint().equals(fingerprint)) {
            return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key",
                    "was already used for a different request (transfer " + previous.transfer().id() + ")"));
        }
        return Uni.createFrom().item(previous.transfer());
    }

    private Uni<TransferDetails> createNew(Caller caller, TransferRequest request, String fingerprint, boolean ownFirstRound,
                                    AtomicReference<Instant> firstRoundLease) {
        return transfers.hasLiveTransfer(request.origin(), request.requirements().patient()).flatMap(live -> {
            if (live) {
                return Uni.createFrom().failure(new FailedPreconditionException(
                        "patient reference " + request.requirements().patient().value()
                                + " already has a live transfer from this origin"));
            }
            Instant now = clock.instant();
            firstRoundLease.set(now.plus(lease));
            // Claimed by this instance, which starts the first round right after the commit;
            // should it die first, the round is due when the lease ends.
            Transfer.Requested requested = Transfer.request(UUID.randomUUID(), request, caller.subject(), caller.dispatchCenter(), now,
                    ownFirstRound ? firstRoundLease.get() : now);
            return transfers.insert(requested, request.idempotencyKey().value(), fingerprint)
                    .map(Transfer::details)
                    .call(created -> audit.allowed(caller, CREATE, created.id().toString(), created.originHospital(),
                            "requested from " + describe(created.origin()) + ", " + created.requirements().bedCategory()
                                    + ", " + created.requirements().acuity()));
        });
    }

    /**
     * A transfer with its history, and its offers for the origin and coordinators. A refused look
     * at another hospital's transfer is audited: it is how patient data would leak.
     */
    @WithSession
    public Uni<TransferView> get(Caller caller, UUID id) {
        return transfers.find(id).flatMap(found -> {
            TransferDetails transfer = found.orElseThrow(() -> new NotFoundException("transfer " + id + " not found"));
            try {
                TransferAccess.checkMaySee(caller, transfer);
            } catch (PermissionDeniedException denied) {
                return audit.refuse(caller, GET, id.toString(), transfer.originHospital(), denied);
            }
            Uni<List<Offer>> seenOffers = TransferAccess.maySeeOffers(caller, transfer)
                    ? offers.ofTransfer(id)
                    : Uni.createFrom().item(List.of());
            return seenOffers.chain(o -> transfers.history(id).map(h -> new TransferView(visibleTo(caller, transfer), o, h)));
        });
    }

    /**
     * Transfers the caller may see, newest first: coordinators every one, a hospital those from or
     * to it, a dispatcher those it requested and those accepted somewhere (they need transport).
     */
    @WithSession
    public Uni<List<TransferDetails>> list(Caller caller, TransferFilter filter, int pageSize) {
        if (pageSize < 0 || pageSize > MAX_PAGE) {
            return Uni.createFrom().failure(new InvalidArgumentException("page_size", "must be between 1 and " + MAX_PAGE
                    + " (0 means 100)"));
        }
        Optional<TransferFilter.Scope> scope;
        if (caller.has(Role.COORDINATOR)) {
            scope = Optional.empty();
        } else if (caller.isHospitalPrincipal()) {
            scope = Optional.of(new TransferFilter.Scope.Hospital(caller.ownHospital()));
        } else if (caller.has(Role.DISPATCHER)) {
            scope = Optional.of(new TransferFilter.Scope.Dispatcher(caller.subject(), caller.dispatchCenter()));
        } else {
            return Uni.createFrom().failure(new PermissionDeniedException("this caller may not list transfers"));
        }
        return transfers.list(filter.withScope(scope), pageSize == 0 ? 100 : pageSize)
                .map(rows -> rows.stream().map(t -> visibleTo(caller, t)).toList());
    }

    private static String describe(Origin origin) {
        return origin instanceof Origin.AtHospital at ? at.hospitalId().value() : "the field";
    }

    private static Optional<HospitalId> originHospital(Origin origin) {
        return origin instanceof Origin.AtHospital at ? Optional.of(at.hospitalId()) : Optional.empty();
    }

    private static TransferDetails visibleTo(Caller caller, TransferDetails transfer) {
        return TransferAccess.mayReadNote(caller, transfer) ? transfer : transfer.withoutNote();
    }

    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
