package org.renfort.transfer.application;

import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.renfort.kernel.Caller;
import org.renfort.kernel.NotFoundException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.Role;
import org.renfort.transfer.domain.plan.PlanAssignment;
import org.renfort.transfer.domain.plan.PlanView;
import org.renfort.transfer.domain.plan.RedistributionPlan;
import org.renfort.transfer.persistence.FeedReads;
import org.renfort.transfer.persistence.FeedSignals;
import org.renfort.transfer.persistence.PlanRepository;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A plan's progress as it happens: the whole plan first, then the patients whose status changed,
 * read again whenever the transfer feed signals (offers, answers, transport) and at least once a
 * second; ends when every patient is settled (arrived, cancelled or unplaced).
 */
@ApplicationScoped
public class PlanProgressWatch {
    private static final Logger LOG = Logger.getLogger(PlanProgressWatch.class);

    /** One message of the stream: the plan as it stands, and the patients that changed since the previous one. */
    public record Update(PlanView view, List<PlanAssignment> changed) {
    }

    private final PlanRepository plans;
    private final FeedReads reads;
    private final FeedSignals signals;

    PlanProgressWatch(PlanRepository plans, FeedReads reads, FeedSignals signals) {
        this.plans = plans;
        this.reads = reads;
        this.signals = signals;
    }

    public TransferFeeds.Watch watch(Caller caller, UUID planId, Consumer<Update> sink, Runnable completed,
                                     Consumer<Throwable> failed) {
        if (!caller.has(Role.COORDINATOR)) {
            throw new PermissionDeniedException("only coordinators follow redistribution plans");
        }
        AtomicReference<RedistributionPlan> plan = new AtomicReference<>();
        AtomicReference<PlanView> last = new AtomicReference<>();
        AtomicBoolean reading = new AtomicBoolean();
        AtomicBoolean again = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        Runnable[] stop = {() -> { }};
        Runnable[] read = new Runnable[1];
        read[0] = () -> {
            if (done.get() || plan.get() == null) {
                return;
            }
            if (!reading.compareAndSet(false, true)) {
                again.set(true);
                return;
            }
            reads.planTransfers(planId).subscribe().with(states -> {
                PlanView view = new PlanView(plan.get(), states);
                List<PlanAssignment> changed = view.changedSince(last.get());
                if (last.get() == null || !changed.isEmpty()) {
                    last.set(view);
                    sink.accept(new Update(view, changed));
                }
                reading.set(false);
                if (view.isSettled() && done.compareAndSet(false, true)) {
                    stop[0].run();
                    completed.run();
                } else if (again.getAndSet(false)) {
                    read[0].run();
                }
            }, failure -> {
                LOG.warnf("a plan watch failed and was closed (the client watches again): %s", failure.toString());
                done.set(true);
                stop[0].run();
                failed.accept(failure);
            });
        };
        stop[0] = signals.listenAll(read[0]);
        Panache.withSession(() -> plans.find(planId)).subscribe().with(found -> {
            if (found.isEmpty()) {
                done.set(true);
                stop[0].run();
                failed.accept(new NotFoundException("plan " + planId + " not found"));
                return;
            }
            plan.set(found.get());
            read[0].run();
        }, failure -> {
            done.set(true);
            stop[0].run();
            failed.accept(failure);
        });
        return () -> {
            done.set(true);
            stop[0].run();
        };
    }
}
