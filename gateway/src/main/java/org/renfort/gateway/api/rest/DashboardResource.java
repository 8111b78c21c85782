package org.renfort.gateway.api.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What the dashboard page (META-INF/resources/dashboard) needs before anyone is logged in: where
 * to send the browser to log in, and as which client. Public, like the page itself; every figure
 * the page shows comes from the authenticated API.
 */
@Path("/dashboard/config.json")
public class DashboardResource {

    /** Keycloak's realm as the browser reaches it (in Kubernetes, the public URL, not the in-cluster one). */
    @ConfigProperty(name = "renfort.gateway.dashboard.auth-server-url")
    String authServerUrl;

    /** A public client with authorization code + PKCE. */
    @ConfigProperty(name = "renfort.gateway.dashboard.client-id")
    String clientId;

    public record DashboardConfig(String authServerUrl, String clientId) {
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public DashboardConfig config() {
        return new DashboardConfig(authServerUrl, clientId);
    }
}
