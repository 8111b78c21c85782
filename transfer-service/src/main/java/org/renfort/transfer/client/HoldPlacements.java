package org.renfort.transfer.client;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.transfer.client.CapacityClient.HoldPlaced;
import org.renfort.transfer.client.CapacityClient.HoldToPlace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hold placements coalesced into PlaceHolds calls: a placement goes out at once while fewer than
 * {@link #IN_FLIGHT} calls are under way, and otherwise joins the next call with every other
 * placement that arrived meanwhile. One transfer at a time pays no delay; 500 directed offers of an
 * approved plan cost a handful of calls and transactions in capacity-service instead of 500.
 */
@ApplicationScoped
public class HoldPlacements {
    static final int IN_FLIGHT = 2;
    static final int MAX_BATCH = 500;

    private record Pending(HoldToPlace hold, Context context, UniEmitter<? super BedHoldTicket> answer) {
        void complete(BedHoldTicket ticket) {
            onItsContext(() -> answer.complete(ticket));
        }

        void fail(Throwable failure) {
            onItsContext(() -> answer.fail(failure));
        }

        /** The caller goes on in a database transaction: it must resume on its own Vert.x context. */
        private void onItsContext(Runnable action) {
            if (context == null || context == Vertx.currentContext()) {
                action.run();
            } else {
                context.runOnContext(v -> action.run());
            }
        }
    }

    private final CapacityClient capacity;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    HoldPlacements(CapacityClient capacity) {
        this.capacity = capacity;
    }

    /** Holds one bed; fails with {@link HoldRefusedException} when capacity-service refuses it. */
    public Uni<BedHoldTicket> place(HoldToPlace hold) {
        return Uni.createFrom().emitter(answer -> {
            waiting.add(new Pending(hold, Vertx.currentContext(), answer));
            sendWhilePossible();
        });
    }

    private void sendWhilePossible() {
        while (!waiting.isEmpty()) {
            int calls = inFlight.get();
            if (calls >= IN_FLIGHT) {
                return; // a call under way takes what is waiting when it ends
            }
            if (!inFlight.compareAndSet(calls, calls + 1)) {
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            Pending next;
            while (batch.size() < MAX_BATCH && (next = waiting.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            send(batch);
        }
    }

    private void send(List<Pending> batch) {
        // The same offer placed twice at once (a retry racing its original) is one hold.
        Map<String, List<Pending>> byKey = new LinkedHashMap<>();
        batch.forEach(p -> byKey.computeIfAbsent(p.hold().offerId().toString(), k -> new ArrayList<>()).add(p));
        List<HoldToPlace> holds = byKey.values().stream().map(same -> same.get(0).hold()).toList();
        capacity.placeHolds(holds).subscribe().with(outcomes -> {
            int i = 0;
            for (List<Pending> same : byKey.values()) {
                HoldPlaced outcome = outcomes.get(i++);
                same.forEach(p -> outcome.ticket().ifPresentOrElse(p::complete, () -> p.fail(outcome.refused().orElseThrow())));
            }
            done();
        }, failure -> {
            if (failure instanceof HoldRefusedException && holds.size() > 1) {
                // The whole call was refused (one malformed hold): each is placed alone, so one answer per hold.
                byKey.values().forEach(same -> capacity.placeHold(same.get(0).hold()).subscribe().with(
                        ticket -> same.forEach(p -> p.complete(ticket)), f -> same.forEach(p -> p.fail(f))));
            } else {
                batch.forEach(p -> p.fail(failure));
            }
            done();
        });
    }

    private void done() {
        inFlight.decrementAndGet();
        sendWhilePossible();
    }
}
