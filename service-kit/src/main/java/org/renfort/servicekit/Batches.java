package org.renfort.servicekit;

import io.smallrye.mutiny.Uni;

import java.util.function.IntFunction;

/** Work done a batch at a time, each batch its own short transaction. */
public final class Batches {
    private Batches() {
    }

    /**
     * Runs batches of {@code size} while each comes back full, at most {@code maxBatches} of them
     * (a backlog is worked off over several runs, never in one long one); the total done.
     */
    public static Uni<Integer> whileFull(IntFunction<Uni<Integer>> batch, int size, int maxBatches) {
        return whileFull(batch, size, maxBatches, 0);
    }

    private static Uni<Integer> whileFull(IntFunction<Uni<Integer>> batch, int size, int batchesLeft, int done) {
        return batch.apply(size).chain(n -> n < size || batchesLeft <= 1
                ? Uni.createFrom().item(done + n) : whileFull(batch, size, batchesLeft - 1, done + n));
    }
}
