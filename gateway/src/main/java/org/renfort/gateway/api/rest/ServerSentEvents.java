package org.renfort.gateway.api.rest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.renfort.gateway.client.DownstreamAnswer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service's gRPC stream served to one REST client as Server-Sent Events. The rules every live
 * endpoint shares:
 * <ul>
 * <li>each event's id is the stream's position, so a client reconnecting with Last-Event-ID
 *     resumes right after the last event it got: the service replays what it missed, no gap,
 *     no duplicate;</li>
 * <li>a comment every heartbeat interval keeps proxies from closing an idle connection and lets
 *     the client notice a dead one;</li>
 * <li>each client has a bounded buffer: a client that does not read is disconnected (counted),
 *     never allowed to grow the gateway's memory; it resumes from its last event;</li>
 * <li>the stream ends when the caller's token expires (the client reconnects with a fresh one)
 *     or when the service goes away; it never outlives the authority it was opened with.</li>
 * </ul>
 */
@ApplicationScoped
public class ServerSentEvents {
    private static final Logger LOG = Logger.getLogger(ServerSentEvents.class);
    /** Asks a browser to reconnect after this long when the stream ends. */
    static final long RECONNECT_MILLIS = 2_000;
    /** Longer than any client's own deadline: the check's own failure, not this, is what answers. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final Duration heartbeat;
    private final int bufferedEvents;
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> subscribers = new ConcurrentHashMap<>();

    ServerSentEvents(@ConfigProperty(name = "renfort.gateway.sse.heartbeat") Duration heartbeat,
                     @ConfigProperty(name = "renfort.gateway.sse.buffered-events") int bufferedEvents,
                     MeterRegistry registry) {
        this.heartbeat = heartbeat;
        this.bufferedEvents = bufferedEvents;
        this.registry = registry;
    }

    /** Sent when the position asked for is older than the service keeps: reload the list, then follow the stream. */
    public record Resync(String reason) {
    }

    /**
     * Waits for what must hold before a stream is promised (the caller may see it, the service
     * is up); its failure becomes the answer (403, 404, 503...) through the usual mappers. On a
     * worker thread ({@code @Blocking}): an event stream's headers go out as soon as its Multi is
     * returned, so the answer must be known before.
     */
    public static void checkFirst(Uni<?> check) {
        check.await().atMost(CHECK_TIMEOUT);
    }

    /** The position to resume after, from a Last-Event-ID header: 0 without one. */
    public static long position(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        if (lastEventId.length() > 18 || !lastEventId.chars().allMatch(Character::isDigit)) {
            throw new InvalidInput("Last-Event-ID", "must be the id of an event received from this stream");
        }
        return Long.parseLong(lastEventId);
    }

    /** A named event whose data is the JSON of {@code data}; {@code id} null leaves the client's last id as it was. */
    public static OutboundSseEvent event(Sse sse, String name, String id, Object data) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(data.getClass(), data);
        return (id == null ? builder : builder.id(id)).build();
    }

    /**
     * The stream after a position; when the service no longer keeps that far back, the stream
     * from its start instead, after {@code resync} (null when the start restates everything,
     * as the region's snapshot does).
     */
    public static <E> Multi<E> resumed(long after, LongFunction<Multi<E>> from, E resync) {
        if (after == 0) {
            return from.apply(0);
        }
        return from.apply(after).onFailure(ServerSentEvents::tooOld).recoverWithMulti(() -> resync == null ? from.apply(0)
                : Multi.createBy().concatenating().streams(Multi.createFrom().item(resync), from.apply(0)));
    }

    private static boolean tooOld(Throwable failure) {
        return failure instanceof DownstreamAnswer answer && answer.code() == io.grpc.Status.Code.FAILED_PRECONDITION;
    }

    /**
     * Serves {@code events} under the shared rules. Call while handling the request: the caller's
     * token expiry is read from the current identity.
     */
    public Multi<OutboundSseEvent> serve(String stream, Sse sse, SecurityIdentity caller, Multi<OutboundSseEvent> events) {
        Duration untilExpiry = untilExpiry(caller);
        OutboundSseEvent end = sse.newEventBuilder().comment("end").build();
        Multi<OutboundSseEvent> upstream = events
                .onFailure().invoke(failure -> LOG.infof("live stream %s ended by the service: %s", stream, describe(failure)))
                .onFailure().recoverWithCompletion()
                .onCompletion().continueWith(end);
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(heartbeat)
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        Multi<OutboundSseEvent> opened = Multi.createFrom().item(
                sse.newEventBuilder().comment("subscribed").reconnectDelay(RECONNECT_MILLIS).build());
        AtomicInteger open = subscribers.computeIfAbsent(stream, name -> registry.gauge("renfort_sse_subscribers",
                io.micrometer.core.instrument.Tags.of("stream", name), new AtomicInteger()));
        return Multi.createBy().concatenating().streams(opened, Multi.createBy().merging().streams(upstream, heartbeats))
                .onOverflow().buffer(bufferedEvents)
                .select().first(event -> event != end)
                .select().first(untilExpiry)
                .onFailure(BackPressureFailure.class).invoke(slow -> disconnected(stream, "slow-client").increment())
                .onFailure().recoverWithCompletion()
                .onSubscription().invoke(() -> open.incrementAndGet())
                .onTermination().invoke(() -> open.decrementAndGet());
    }

    private Counter disconnected(String stream, String reason) {
        return Counter.builder("renfort_sse_disconnected_total").description("Live streams the gateway closed, by reason")
                .tags("stream", stream, "reason", reason).register(registry);
    }

    private static Duration untilExpiry(SecurityIdentity caller) {
        if (caller.getPrincipal() instanceof JsonWebToken token && token.getExpirationTime() > 0) {
            Duration left = Duration.between(Instant.now(), Instant.ofEpochSecond(token.getExpirationTime()));
            return left.isNegative() ? Duration.ZERO : left;
        }
        return Duration.ofDays(1);
    }

    private static String describe(Throwable failure) {
        if (failure instanceof DownstreamAnswer answer) {
            return answer.code().name();
        }
        return failure instanceof io.grpc.StatusRuntimeException e ? e.getStatus().getCode().name() : failure.getClass().getSimpleName();
    }
}
