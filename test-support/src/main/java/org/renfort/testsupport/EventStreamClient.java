package org.renfort.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client as a browser's EventSource reads a stream (the text/event-stream
 * format: id, event, data and comment lines, a blank line ending each event), on the JDK's HTTP
 * client: events are parsed as they arrive and waited for with a deadline.
 */
public final class EventStreamClient implements AutoCloseable {
    /** One event: its id (null when the event set none), name and data. */
    public record Event(String id, String name, String data) {
    }

    private static final Event END = new Event(null, null, null);

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final CompletableFuture<Void> reading;
    private volatile boolean ended;
    private String body;

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reading = response.statusCode() == 200 ? CompletableFuture.runAsync(this::read) : CompletableFuture.completedFuture(null);
    }

    /** Opens {@code url} with the token (none if null) and a Last-Event-ID (if not null); returns once the headers are in. */
    public static EventStreamClient open(String url, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new EventStreamClient(HttpClient.newHttpClient().send(request.GET().build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of a refused stream (a problem+json). */
    public synchronized String body() {
        if (body == null) {
            body = String.join("\n", response.body().toList());
        }
        return body;
    }

    /** Comment lines received so far (heartbeats and the opening comment). */
    public int comments() {
        return comments.get();
    }

    /** The next event, or null if none came within the timeout or the stream ended. */
    public Event next(Duration timeout) {
        try {
            Event event = ended ? events.poll() : events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == END) {
                ended = true;
                return null;
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next event that matches, skipping the others; fails the test if none comes in time. */
    public Event await(Predicate<Event> wanted, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event == null && ended) {
                break;
            }
            if (event != null && wanted.test(event)) {
                return event;
            }
            if (event != null) {
                skipped.add(event);
            }
        }
        throw new AssertionError("no event " + what + " within " + timeout + (ended ? " (the stream ended)" : "") + "; got " + skipped);
    }

    /** Whether the server ended the stream within the timeout. */
    public boolean endsWithin(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended && System.nanoTime() < deadline) {
            next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        return ended;
    }

    @Override
    public void close() {
        reading.cancel(true);
        response.body().close();
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name == null ? "message" : name, data.toString()));
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else {
                    String field = line.contains(":") ? line.substring(0, line.indexOf(':')) : line;
                    String value = line.contains(":") ? line.substring(line.indexOf(':') + 1).replaceFirst("^ ", "") : "";
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { }
                    }
                }
            }
        } catch (UncheckedIOException closed) {
            // the stream was closed by either side
        } finally {
            events.add(END);
        }
    }
}
