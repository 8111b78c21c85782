package org.renfort.servicekit;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The X-Request-Id of a call: the one the gateway (or any client) sent, or a new one. It
 * follows a request across the services and into the audit trail.
 */
public final class RequestIds {
    public static final String HEADER = "x-request-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    public static String of(SecurityIdentity identity) {
        RoutingContext context = HttpSecurityUtils.getRoutingContextAttribute(identity);
        return of(context);
    }

    public static String of(RoutingContext context) {
        String sent = context == null ? null : context.request().getHeader(HEADER);
        // A client-chosen id goes into the audit trail: only a plain, bounded one is kept.
        return isSafe(sent) ? sent : UUID.randomUUID().toString();
    }

    public static boolean isSafe(String sent) {
        return sent != null && SAFE.matcher(sent).matches();
    }
}
