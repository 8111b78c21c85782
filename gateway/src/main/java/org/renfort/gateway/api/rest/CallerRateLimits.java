package org.renfort.gateway.api.rest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * A token bucket per caller and kind of call (reads, writes): a caller may burst up to its
 * bucket's size, then goes on at the sustained rate. One runaway client - a hospital system
 * stuck in a loop, a dashboard left refreshing - is slowed down alone instead of slowing the
 * region. Buckets of callers gone quiet are dropped (bounded memory).
 */
public final class CallerRateLimits {
    /** A caller's allowance for one kind of call. */
    public record Allowance(int perSecond, int burst) {
        public Allowance {
            if (perSecond < 1 || burst < perSecond) {
                throw new IllegalArgumentException("a rate limit needs perSecond >= 1 and burst >= perSecond: " + perSecond + "/" + burst);
            }
        }
    }

    private final Allowance reads;
    private final Allowance writes;
    private final Cache<String, Bucket> buckets;

    public CallerRateLimits(Allowance reads, Allowance writes, int maxCallers) {
        this.reads = reads;
        this.writes = writes;
        // A bucket left alone this long has refilled completely: dropping it changes nothing.
        Duration refilled = Duration.ofSeconds(Math.max(reads.burst() / reads.perSecond(), writes.burst() / writes.perSecond()) + 1);
        this.buckets = Caffeine.newBuilder().maximumSize(maxCallers).expireAfterAccess(refilled).build();
    }

    /** Empty when the call may go on; otherwise the whole seconds to wait before the next one would. */
    public OptionalLong admit(String caller, boolean write) {
        Allowance allowance = write ? writes : reads;
        Bucket bucket = buckets.get((write ? "w:" : "r:") + caller, key -> Bucket.builder()
                .addLimit(limit -> limit.capacity(allowance.burst()).refillGreedy(allowance.perSecond(), Duration.ofSeconds(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
    }
}
