package org.renfort.benchmarks;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Drives asynchronous calls and records their latency in an HdrHistogram.
 * Open loop: calls start on a fixed schedule and latency is measured from the intended start,
 * so a slow server cannot hide its queueing (no coordinated omission). Closed loop: a fixed
 * number of calls in flight, to find the sustainable throughput.
 */
final class LoadRun {
    record Result(String name, double requestsPerSecond, long ok, long failed, Histogram latency) {
        double p50() {
            return latency.getValueAtPercentile(50) / 1_000.0;
        }

        double p99() {
            return latency.getValueAtPercentile(99) / 1_000.0;
        }

        double max() {
            return latency.getMaxValue() / 1_000.0;
        }
    }

    private LoadRun() {
    }

    static Result openLoop(String name, int ratePerSecond, Duration duration, int maxInFlight, LongFunction<ListenableFuture<?>> call) {
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        long total = ratePerSecond * duration.toSeconds();
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            if (!inFlight.tryAcquire()) {
                failed.incrementAndGet();
                continue;
            }
            track(call.apply(i), intended, recorder, ok, failed, inFlight);
        }
        drain(inFlight, maxInFlight);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(name, ok.get() / seconds, ok.get(), failed.get(), recorder.getIntervalHistogram());
    }

    static Result closedLoop(String name, int concurrency, Duration duration, LongFunction<ListenableFuture<?>> call) {
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Semaphore inFlight = new Semaphore(concurrency);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long i = 0;
        while (System.nanoTime() < end) {
            inFlight.acquireUninterruptibly();
            track(call.apply(i++), System.nanoTime(), recorder, ok, failed, inFlight);
        }
        drain(inFlight, concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(name, ok.get() / seconds, ok.get(), failed.get(), recorder.getIntervalHistogram());
    }

    private static void track(ListenableFuture<?> future, long startNanos, Recorder recorder, AtomicLong ok,
                              AtomicLong failed, Semaphore inFlight) {
        Futures.addCallback(future, new FutureCallback<Object>() {
            @Override
            public void onSuccess(Object result) {
                recorder.recordValue(Math.max(0, (System.nanoTime() - startNanos) / 1_000));
                ok.incrementAndGet();
                inFlight.release();
            }

            @Override
            public void onFailure(Throwable t) {
                failed.incrementAndGet();
                inFlight.release();
            }
        }, MoreExecutors.directExecutor());
    }

    private static void drain(Semaphore inFlight, int permits) {
        try {
            if (!inFlight.tryAcquire(permits, 60, TimeUnit.SECONDS)) {
                System.err.println("some calls did not finish within 60 s");
            } else {
                inFlight.release(permits);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepNanos(long nanos) {
        if (nanos > 200_000) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos - 100_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long until = System.nanoTime() + Math.min(nanos, 100_000);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
