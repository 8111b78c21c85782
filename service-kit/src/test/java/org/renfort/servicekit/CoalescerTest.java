package org.renfort.servicekit;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;
import org.renfort.servicekit.Coalescer.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoalescerTest {

    /** Batches the test completes by hand, so that what arrives meanwhile is known. */
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private final List<UniEmitter<? super List<Outcome<String>>>> open = new CopyOnWriteArrayList<>();
    private final Coalescer<Integer, String> coalescer = new Coalescer<>(1, 3, items -> {
        batches.add(items);
        return Uni.createFrom().emitter(open::add);
    });

    @Test
    void anItemAloneGoesAtOnceAndThoseArrivingMeanwhileShareTheNextBatchUpToItsSize() {
        CompletableFuture<String> first = submit(1);
        assertEquals(List.of(List.of(1)), batches, "alone, an item does not wait");
        List<CompletableFuture<String>> meanwhile = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            meanwhile.add(submit(i));
        }
        assertEquals(1, batches.size(), "one batch at a time: the others wait");

        answer(0, List.of(Outcome.of("one")));
        assertEquals("one", first.join());
        assertEquals(List.of(2, 3, 4), batches.get(1), "the waiting items go together, at most 3");
        answer(1, List.of(Outcome.of("two"), Outcome.failed(new IllegalArgumentException("three refused")), Outcome.of("four")));
        assertEquals(List.of(5, 6), batches.get(2));
        answer(2, List.of(Outcome.of("five"), Outcome.of("six")));

        assertEquals("two", meanwhile.get(0).join());
        Exception refused = assertThrows(Exception.class, () -> meanwhile.get(1).join());
        assertTrue(refused.getCause() instanceof IllegalArgumentException, "only that item fails: " + refused);
        assertEquals(List.of("four", "five", "six"), meanwhile.subList(2, 5).stream().map(CompletableFuture::join).toList());
    }

    @Test
    void aBatchThatFailsWholeFailsEachOfItsItemsAndTheNextBatchStillRuns() {
        CompletableFuture<String> first = submit(1);
        CompletableFuture<String> second = submit(2);
        open.get(0).fail(new IllegalStateException("database down"));
        assertTrue(first.isCompletedExceptionally());
        assertFalse(second.isDone(), "waiting for its own batch");
        answer(1, List.of(Outcome.of("two")));
        assertEquals("two", second.join());
    }

    @Test
    void aBatchAnsweredWithTheWrongNumberOfOutcomesFailsItsItemsInsteadOfMisansweringThem() {
        CompletableFuture<String> first = submit(1);
        answer(0, List.of(Outcome.of("one"), Outcome.of("extra")));
        assertTrue(first.isCompletedExceptionally());
    }

    private CompletableFuture<String> submit(int item) {
        return coalescer.submit(item).subscribeAsCompletionStage();
    }

    private void answer(int batch, List<Outcome<String>> outcomes) {
        open.get(batch).complete(outcomes);
    }

    @Test
    void limitsBelowOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Coalescer<Integer, String>(0, 1, items -> Uni.createFrom().nullItem()));
        assertThrows(IllegalArgumentException.class, () -> new Coalescer<Integer, String>(1, 0, items -> Uni.createFrom().nullItem()));
    }
}
