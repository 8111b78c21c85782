package org.renfort.transfer.application;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where background negotiation work runs: each piece on a Vert.x context of its own, because a
 * Hibernate Reactive session belongs to one context, and at most {@link #CONCURRENCY} pieces at
 * once per instance, so that a burst does not flood the connection pool.
 */
@ApplicationScoped
class WorkContexts {
    private static final Logger LOG = Logger.getLogger(WorkContexts.class);
    static final int CONCURRENCY = 16;

    private final Vertx vertx;

    WorkContexts(Vertx vertx) {
        this.vertx = vertx;
    }

    <T> Uni<T> onOwnContext(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(v -> Uni.createFrom().<T>deferred(work::get).subscribe().with(emitter::complete, emitter::fail));
        });
    }

    /** Runs the work for each id concurrently; one that fails is logged and retried when its lease ends. */
    Uni<Void> forEach(List<UUID> ids, Function<UUID, Uni<Void>> work) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUni(id -> onOwnContext(() -> work.apply(id)).onFailure().invoke(f -> LOG.warnf(
                        "negotiation step for %s failed, retried when its lease ends: %s", id, f.toString()))
                        .onFailure().recoverWithNull())
                .merge(CONCURRENCY).collect().asList().replaceWithVoid();
    }

    /** Runs once after {@code delayMs}. */
    void later(long delayMs, Runnable work) {
        vertx.setTimer(delayMs, id -> work.run());
    }
}
