package org.renfort.servicekit;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Requests handled together when they arrive together: an item goes out at once while fewer than
 * {@code inFlight} batches are under way, and otherwise joins the next batch with everything that
 * arrived meanwhile. Alone, an item pays no delay; under a burst, one call or one transaction
 * serves many. Each item's answer resumes on the Vert.x context its caller was on (a caller inside
 * a database transaction must go on there).
 *
 * @param <T> an item
 * @param <R> an item's answer
 */
public final class Coalescer<T, R> {

    /** One item's answer: a value, or why this item - alone - failed. */
    public record Outcome<R>(R value, Throwable failure) {
        public static <R> Outcome<R> of(R value) {
            return new Outcome<>(value, null);
        }

        public static <R> Outcome<R> failed(Throwable failure) {
            return new Outcome<>(null, Objects.requireNonNull(failure));
        }
    }

    private record Pending<T, R>(T item, Context context, UniEmitter<? super R> answer) {
        void settle(Outcome<R> outcome) {
            Runnable action = outcome.failure() == null ? () -> answer.complete(outcome.value()) : () -> answer.fail(outcome.failure());
            if (context == null || context == Vertx.currentContext()) {
                action.run();
            } else {
                context.runOnContext(v -> action.run());
            }
        }
    }

    private final int inFlightLimit;
    private final int maxBatch;
    private final Function<List<T>, Uni<List<Outcome<R>>>> work;
    private final ConcurrentLinkedQueue<Pending<T, R>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param work handles a batch and answers each item, in the batch's order; a failure of the
     *             whole batch fails every item of it
     */
    public Coalescer(int inFlight, int maxBatch, Function<List<T>, Uni<List<Outcome<R>>>> work) {
        if (inFlight < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("inFlight and maxBatch must be at least 1");
        }
        this.inFlightLimit = inFlight;
        this.maxBatch = maxBatch;
        this.work = work;
    }

    public Uni<R> submit(T item) {
        return Uni.createFrom().emitter(answer -> {
            waiting.add(new Pending<>(item, Vertx.currentContext(), answer));
            sendWhilePossible();
        });
    }

    private void sendWhilePossible() {
        while (!waiting.isEmpty()) {
            int calls = inFlight.get();
            if (calls >= inFlightLimit) {
                return; // a batch under way takes what is waiting when it ends
            }
            if (!inFlight.compareAndSet(calls, calls + 1)) {
                continue;
            }
            List<Pending<T, R>> batch = new ArrayList<>();
            Pending<T, R> next;
            while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            run(batch);
        }
    }

    private void run(List<Pending<T, R>> batch) {
        Uni.createFrom().deferred(() -> work.apply(batch.stream().map(Pending::item).toList())).subscribe().with(outcomes -> {
            if (outcomes.size() != batch.size()) {
                batch.forEach(p -> p.settle(Outcome.failed(new IllegalStateException(
                        "a batch of " + batch.size() + " was answered with " + outcomes.size() + " outcomes"))));
            } else {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).settle(outcomes.get(i));
                }
            }
            done();
        }, failure -> {
            batch.forEach(p -> p.settle(Outcome.failed(failure)));
            done();
        });
    }

    private void done() {
        inFlight.decrementAndGet();
        sendWhilePossible();
    }
}
