package org.renfort.capacity.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.kernel.HospitalId;

import java.time.Instant;

/**
 * The region's change log. Appends happen at the end of the writing transaction under one
 * advisory lock, so positions are committed in order: a reader that has seen position n has
 * seen every committed position below n, and a watcher never misses a change.
 * A NOTIFY wakes the readers of every instance at commit.
 */
@ApplicationScoped
public class ChangeLog {
    public static final String CHANNEL = "renfort_capacity_changes";
    private static final long APPEND_LOCK = 0x52454e464f5254L;

    private final ChangePayloadCodec codec;

    ChangeLog(ChangePayloadCodec codec) {
        this.codec = codec;
    }

    /** Appends a change; call last in the writing transaction (the lock is held until commit). */
    public Uni<Void> append(HospitalId hospital, RegionChange.Kind kind, Instant at, RegionChange.Payload payload) {
        CapacityChangeEntity change = new CapacityChangeEntity();
        change.hospitalId = hospital.value();
        change.kind = kind.name();
        change.occurredAt = at;
        change.payload = codec.encode(payload);
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select pg_advisory_xact_lock(" + APPEND_LOCK + ")").getSingleResult()
                .flatMap(locked -> session.persist(change))
                .flatMap(v -> session.flush())
                .flatMap(v -> session.createNativeQuery("select pg_notify('" + CHANNEL + "', '')").getSingleResult())
                .replaceWithVoid());
    }

}
