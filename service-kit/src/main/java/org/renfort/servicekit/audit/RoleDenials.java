package org.renfort.servicekit.audit;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.spi.runtime.AuthorizationFailureEvent;
import io.quarkus.security.spi.runtime.MethodDescription;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.renfort.servicekit.RequestIds;

/**
 * Records in the audit trail every call refused by role ({@code @RolesAllowed}) before it
 * reached the domain. Unauthenticated calls have no subject to record and are only counted by
 * the access log.
 */
@ApplicationScoped
public class RoleDenials {
    private static final Logger LOG = Logger.getLogger(RoleDenials.class);

    private final AuditTrail audit;

    RoleDenials(AuditTrail audit) {
        this.audit = audit;
    }

    void onDenied(@Observes AuthorizationFailureEvent event) {
        SecurityIdentity identity = event.getSecurityIdentity();
        if (identity == null || identity.isAnonymous()) {
            return;
        }
        String action = actionOf(event);
        audit.deniedByRole(identity.getPrincipal().getName(), identity.getRoles(), action, RequestIds.of(identity))
                .subscribe().with(done -> { }, failure -> LOG.errorf("could not audit a denied %s: %s", action, failure));
    }

    /** The RPC name (PublishCapacity), as the allowed events name it: the last segment of the gRPC path. */
    static String actionOf(AuthorizationFailureEvent event) {
        RoutingContext context = HttpSecurityUtils.getRoutingContextAttribute(event.getSecurityIdentity());
        if (context != null && context.normalizedPath() != null) {
            String path = context.normalizedPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
        Object method = event.getEventProperties().get(AuthorizationFailureEvent.SECURED_METHOD_KEY);
        if (method instanceof MethodDescription description) {
            String name = description.getMethodName();
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
        return String.valueOf(event.getAuthorizationContext());
    }
}
