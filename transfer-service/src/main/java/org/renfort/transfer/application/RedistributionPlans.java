package org.renfort.transfer.application;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.kernel.Fingerprint;
import org.renfort.kernel.Caller;
import org.renfort.kernel.FailedPreconditionException;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.IdempotencyKey;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.NotFoundException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.Role;
import org.renfort.kernel.TravelTimeEstimator;
import org.renfort.servicekit.audit.AuditTrail;
import org.renfort.transfer.client.CapacityClient;
import org.renfort.transfer.client.HospitalDirectory;
import org.renfort.transfer.config.PlanConfig;
import org.renfort.transfer.domain.ClinicalNote;
import org.renfort.transfer.domain.Transfer;
import org.renfort.transfer.domain.TransferRequest;
import org.renfort.transfer.domain.TransferRequirements;
import org.renfort.transfer.domain.plan.PlanAssignment;
import org.renfort.transfer.domain.plan.PlanRequest;
import org.renfort.transfer.domain.plan.PlanView;
import org.renfort.transfer.domain.plan.PlannedGroup;
import org.renfort.transfer.domain.plan.RedistributionPlan;
import org.renfort.transfer.persistence.FeedReads;
import org.renfort.transfer.persistence.PlanRepository;
import org.renfort.transfer.persistence.TransferRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Region-wide redistribution plans, for coordinators: computed on the live regional picture and
 * stored before they are answered; approved whole or by group into one transfer per placed
 * patient, all created in one transaction, each offered first to its planned hospital.
 */
@ApplicationScoped
public class RedistributionPlans {
    static final String PLAN = "PlanRedistribution";
    static final String GET = "GetPlan";
    static final String APPROVE = "ApprovePlan";

    private final PlanRepository plans;
    private final TransferRepository transfers;
    private final FeedReads reads;
    private final CapacityClient capacity;
    private final HospitalDirectory directory;
    private final NegotiationScheduler negotiation;
    private final AuditTrail audit;
    private final TravelTimeEstimator roads;
    private final Duration pictureMaxAge;
    private final Vertx vertx;
    private final Clock clock;

    RedistributionPlans(PlanRepository plans, TransferRepository transfers, FeedReads reads, CapacityClient capacity,
                        HospitalDirectory directory, NegotiationScheduler negotiation, AuditTrail audit,
                        TravelTimeEstimator roads, PlanConfig config, Vertx vertx, Clock clock) {
        this.plans = plans;
        this.transfers = transfers;
        this.reads = reads;
        this.capacity = capacity;
        this.directory = directory;
        this.negotiation = negotiation;
        this.audit = audit;
        this.roads = roads;
        this.pictureMaxAge = config.pictureMaxAge();
        this.vertx = vertx;
        this.clock = clock;
    }

    /**
     * A resend returns the stored plan; otherwise the regional picture is read, the plan computed
     * off the event loop, stored and audited. Hospitals the request names must be registered.
     */
    public Uni<PlanView> plan(Caller caller, PlanRequest request) {
        if (!caller.has(Role.COORDINATOR)) {
            return audit.refuse(caller, PLAN, "plan", Optional.empty(),
                    new PermissionDeniedException("only coordinators plan a redistribution"));
        }
        String fingerprint = request.fingerprint();
        String key = request.idempotencyKey().value();
        return Panache.withSession(() -> plans.findByIdempotencyKey(caller.subject(), key))
                .chain(previous -> previous.isPresent()
                        ? resent(previous.get(), fingerprint).chain(this::view)
                        : checkHospitals(request).chain(() -> computeAndStore(caller, request, fingerprint)));
    }

    private Uni<Void> checkHospitals(PlanRequest request) {
        List<PlanRequest.NamedHospital> named = request.namedHospitals();
        return directory.unknownAmong(named.stream().map(PlanRequest.NamedHospital::hospital).toList()).invoke(unknown -> {
            for (PlanRequest.NamedHospital n : named) {
                if (unknown.contains(n.hospital())) {
                    throw new NotFoundException(n.field() + ": hospital " + n.hospital().value() + " is not registered");
                }
            }
        }).replaceWithVoid();
    }

    private Uni<PlanView> computeAndStore(Caller caller, PlanRequest request, String fingerprint) {
        UUID id = UUID.randomUUID();
        Instant readAt = clock.instant();
        return capacity.regionPicture(readAt)
                // The solve takes up to a second for thousands of patients: not on the event loop.
                .chain(region -> vertx.executeBlocking(() -> RedistributionPlan.compute(id, request, region, roads,
                        caller.subject(), clock.instant()), false))
                .chain(plan -> Panache.withTransaction(() -> plans.insert(plan, request.rules().toString(),
                                request.idempotencyKey().value(), fingerprint)
                        .chain(() -> audit.allowed(caller, PLAN, id.toString(), Optional.empty(), summary(plan))))
                        .replaceWith(plan))
                .onFailure(TransferRequests::isUniqueViolation).transform(e -> new FailedPreconditionException(
                        "this idempotency key was just used by a concurrent request: resend to get its plan"))
                .chain(this::view);
    }

    private static String summary(RedistributionPlan plan) {
        return plan.assignments().size() + " patients in " + plan.groups().size() + " groups: " + plan.optimal().placed()
                + " placed (greedy " + plan.greedy().placed() + "), weighted minutes " + plan.optimal().weightedMinutes()
                + " (greedy " + plan.greedy().weightedMinutes() + "), " + plan.picture().partners() + " partners, "
                + plan.picture().staleHospitals().size() + " stale";
    }

    private static Uni<RedistributionPlan> resent(PlanRepository.Stored previous, String fingerprint) {
        if (!previous.fingerprint().equals(fingerprint)) {
            return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key",
                    "was already used for a different plan request (plan " + previous.plan().id() + ")"));
        }
        return Uni.createFrom().item(previous.plan());
    }

    /** Plans are regional: coordinators only. */
    public Uni<PlanView> get(Caller caller, UUID id) {
        if (!caller.has(Role.COORDINATOR)) {
            return audit.refuse(caller, GET, id.toString(), Optional.empty(),
                    new PermissionDeniedException("only coordinators see redistribution plans"));
        }
        return Panache.withSession(() -> plans.find(id))
                .chain(found -> view(found.orElseThrow(() -> new NotFoundException("plan " + id + " not found"))));
    }

    /** The plan with where each approved patient's transfer stands, read now. */
    public Uni<PlanView> view(RedistributionPlan plan) {
        return reads.planTransfers(plan.id()).map(states -> new PlanView(plan, states));
    }

    /** The approval's outcome: the plan as it now stands, and how many transfers this approval created. */
    public record Approved(PlanView plan, int transfersCreated) {
    }

    /**
     * Creates the transfers of the approved groups in one transaction, under the plan's row lock:
     * every placed patient gets a transfer offered first to its planned hospital, or nothing is
     * stored. The negotiation is woken once it has committed.
     */
    public Uni<Approved> approve(Caller caller, UUID planId, List<String> groups, boolean fallBackToRegion,
                                 IdempotencyKey key) {
        if (!caller.has(Role.COORDINATOR)) {
            return audit.refuse(caller, APPROVE, planId.toString(), Optional.empty(),
                    new PermissionDeniedException("only coordinators approve a redistribution plan"));
        }
        if (key == null) {
            return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key", "is required"));
        }
        String fingerprint = approvalFingerprint(planId, groups, fallBackToRegion);
        AtomicBoolean created = new AtomicBoolean();
        return Panache.withTransaction(() -> plans.approvalByKey(caller.subject(), key.value()).chain(previous -> {
                    if (previous.isPresent()) {
                        if (!previous.get().fingerprint().equals(fingerprint)) {
                            return Uni.createFrom().failure(new InvalidArgumentException("idempotency_key",
                                    "was already used for a different approval (plan " + previous.get().planId() + ")"));
                        }
                        return plans.find(planId).map(p -> new Stage(p.orElseThrow(), previous.get().transfersCreated()));
                    }
                    return plans.lock(planId).chain(found -> {
                        RedistributionPlan plan = found.orElseThrow(() -> new NotFoundException("plan " + planId + " not found"));
                        RedistributionPlan.ApprovalScope scope = plan.toApprove(groups, clock.instant(), pictureMaxAge);
                        created.set(true);
                        return createTransfers(caller, plan, scope, fallBackToRegion, key, fingerprint)
                                .map(count -> new Stage(plan, count));
                    });
                }))
                .onFailure(TransferRequests::isUniqueViolation).transform(e -> new FailedPreconditionException(
                        "a patient of this approval already has a live transfer, or this approval was just made "
                                + "concurrently (resend to get its result)"))
                .invoke(() -> {
                    if (created.get()) {
                        negotiation.wake();
                    }
                })
                .chain(stage -> view(stage.plan()).map(v -> new Approved(v, stage.transfersCreated())));
    }

    private record Stage(RedistributionPlan plan, int transfersCreated) {
    }

    private Uni<Integer> createTransfers(Caller caller, RedistributionPlan plan, RedistributionPlan.ApprovalScope scope,
                                         boolean fallBackToRegion, IdempotencyKey key, String fingerprint) {
        Instant now = clock.instant();
        List<Transfer.Requested> requested = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        for (PlanAssignment a : scope.assignments()) {
            PlannedGroup g = plan.group(a.group());
            // The planned bed's category: a substitution agreed in the plan is what the hospital is asked for.
            TransferRequirements requirements = new TransferRequirements(a.patient(), g.ageBand(), a.bedCategory(),
                    g.requiredCapabilities(), g.acuity(), g.maxTravelMinutes(), sorted(g.preferred()), sorted(g.excluded()));
            TransferRequest request = new TransferRequest(g.origin(), requirements, new ClinicalNote(""),
                    new IdempotencyKey(transferKey(plan.id(), a)));
            fingerprints.add(request.fingerprint());
            requested.add(Transfer.planned(UUID.randomUUID(), request, caller.subject(), now, now, a.hospital().orElseThrow(),
                    a.travelMinutes(), plan.id(), fallBackToRegion));
        }
        List<PlanAssignment> approved = new ArrayList<>();
        Uni<Void> chain = transfers.liveAmong(requested.stream().map(r -> r.transfer().details()).toList())
                .invoke(live -> {
                    if (!live.isEmpty()) {
                        throw new FailedPreconditionException("patients of this approval already have a live transfer: "
                                + live.stream().limit(10).collect(Collectors.joining(", ")) + (live.size() > 10 ? ", ..." : ""));
                    }
                }).replaceWithVoid();
        List<TransferRepository.NewTransfer> created = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            Transfer.Requested r = requested.get(i);
            PlanAssignment a = scope.assignments().get(i);
            approved.add(a.approvedAs(r.transfer().id()));
            created.add(new TransferRepository.NewTransfer(r, transferKey(plan.id(), a), fingerprints.get(i)));
        }
        return chain.chain(() -> transfers.insertAll(created)).chain(() -> plans.recordApproval(plan.id(), scope.groups(), approved, caller.subject(), now, key.value(),
                        fingerprint))
                .chain(() -> audit.allowed(caller, APPROVE, plan.id().toString(), Optional.empty(), "approved groups "
                        + new TreeSet<>(scope.groups()) + ": " + approved.size() + " transfers with directed offers"
                        + (fallBackToRegion ? ", negotiating with the region when refused" : ", waiting for a coordinator when refused")))
                .replaceWith(approved.size());
    }

    private static List<HospitalId> sorted(java.util.Set<HospitalId> hospitals) {
        return hospitals.stream().sorted(java.util.Comparator.comparing(HospitalId::value)).toList();
    }

    private static String transferKey(UUID planId, PlanAssignment a) {
        return "plan:" + planId + ":" + a.number();
    }

    private static String approvalFingerprint(UUID planId, List<String> groups, boolean fallBack) {
        return Fingerprint.of(planId + "|" + new TreeSet<>(groups) + "|" + fallBack);
    }
}
