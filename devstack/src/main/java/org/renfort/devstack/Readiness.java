package org.renfort.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polls an HTTP endpoint until it answers 200, with a deadline: no fixed sleeps. */
final class Readiness {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {
    }

    static void awaitOk(String name, String url, Duration timeout, BooleanSupplier stillRunning, Runnable onFailure) {
        awaitOk(HTTP, name, url, timeout, stillRunning, onFailure);
    }

    /** @param http a client trusting the server's certificate, for a service on HTTPS */
    static void awaitOk(HttpClient http, String name, String url, Duration timeout, BooleanSupplier stillRunning,
                        Runnable onFailure) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!stillRunning.getAsBoolean()) {
                onFailure.run();
                throw new IllegalStateException(name + " exited before it was ready");
            }
            if (answersOk(http, url)) {
                return;
            }
            pause();
        }
        onFailure.run();
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s (" + url + ")");
    }

    static boolean answersOk(String url) {
        return answersOk(HTTP, url);
    }

    static boolean answersOk(HttpClient http, String url) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    private static void pause() {
        try {
            // Short: a service's start-to-ready time is read from here (Stack.restartFirstInstance).
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
