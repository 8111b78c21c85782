package org.renfort.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Registers hospital information systems in the local Keycloak through its admin REST API, the
 * way a region's administrator would: one confidential client per hospital, its service account
 * given the {@code hospital-system} role and a {@code hospital_id} claim. Benchmarks use it so that
 * each simulated hospital answers with its own token.
 */
public final class RealmAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String server;
    private final String realm;
    private final String adminToken;

    /** @param realmUrl e.g. {@code http://localhost:8180/realms/renfort} */
    public RealmAdmin(String realmUrl) {
        int at = realmUrl.indexOf("/realms/");
        this.server = realmUrl.substring(0, at);
        this.realm = realmUrl.substring(at + "/realms/".length());
        String form = "grant_type=password&client_id=admin-cli&username=" + enc(KeycloakServer.ADMIN_USER)
                + "&password=" + enc(KeycloakServer.ADMIN_PASSWORD);
        this.adminToken = send(HttpRequest.newBuilder(URI.create(server + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), 200).get("access_token").asText();
    }

    /** Creates (or finds) the client of a hospital's system; returns its secret for the client-credentials grant. */
    public String registerHospitalSystem(String clientId, String hospitalId) {
        String secret = clientId + "-secret";
        Map<String, Object> client = Map.of("clientId", clientId, "secret", secret, "publicClient", false,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false, "directAccessGrantsEnabled", false,
                "protocolMappers", List.of(
                        mapper("renfort-audience", "oidc-audience-mapper", Map.of("included.custom.audience", "renfort",
                                "access.token.claim", "true", "id.token.claim", "false")),
                        mapper("hospital_id", "oidc-hardcoded-claim-mapper", Map.of("claim.name", "hospital_id",
                                "claim.value", hospitalId, "jsonType.label", "String",
                                "access.token.claim", "true", "id.token.claim", "false"))));
        HttpResponse<String> created = raw(admin("/clients").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(client))));
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("client " + clientId + " not created (" + created.statusCode() + "): " + created.body());
        }
        String id = send(admin("/clients?clientId=" + enc(clientId)).GET(), 200).get(0).get("id").asText();
        String account = send(admin("/clients/" + id + "/service-account-user").GET(), 200).get("id").asText();
        grantRealmRole(account, "hospital-system", clientId);
        return secret;
    }

    /**
     * Creates (or finds) a member of a hospital's staff who logs in with a password, as the
     * dashboard's users do; returns the password.
     */
    public String registerHospitalStaff(String username, String hospitalId) {
        String password = username + "-password";
        Map<String, Object> user = Map.of("username", username, "enabled", true, "emailVerified", true,
                "firstName", "Staff", "lastName", "of " + hospitalId, "email", username + "@renfort.invalid",
                "attributes", Map.of("hospital_id", List.of(hospitalId)),
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        HttpResponse<String> created = raw(admin("/users").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(user))));
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("user " + username + " not created (" + created.statusCode() + "): " + created.body());
        }
        String id = send(admin("/users?exact=true&username=" + enc(username)).GET(), 200).get(0).get("id").asText();
        grantRealmRole(id, "hospital-staff", username);
        return password;
    }

    private void grantRealmRole(String userId, String roleName, String who) {
        JsonNode role = send(admin("/roles/" + roleName).GET(), 200);
        HttpResponse<String> granted = raw(admin("/users/" + userId + "/role-mappings/realm")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + role + "]")));
        if (granted.statusCode() != 204) {
            throw new IllegalStateException("role not granted to " + who + " (" + granted.statusCode() + "): " + granted.body());
        }
    }

    /** Creates this admin's realm from a realm representation (JSON, as a file import holds it). */
    public void createRealm(String representation) {
        HttpResponse<String> created = raw(adminApi("").timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(representation)));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("realm not created (" + created.statusCode() + "): " + created.body());
        }
    }

    public void deleteRealm() {
        send(admin("").DELETE(), 204);
    }

    /** The realm's users (Keycloak does not list service accounts here). */
    public List<String> usernames() {
        List<String> names = new ArrayList<>();
        send(admin("/users?briefRepresentation=true&max=1000").GET(), 200).forEach(u -> names.add(u.get("username").asText()));
        return names;
    }

    private static Map<String, Object> mapper(String name, String type, Map<String, String> config) {
        return Map.of("name", name, "protocol", "openid-connect", "protocolMapper", type, "config", config);
    }

    /** This admin's realm in the admin API. */
    private HttpRequest.Builder admin(String path) {
        return adminApi("/" + realm + path);
    }

    private HttpRequest.Builder adminApi(String path) {
        return HttpRequest.newBuilder(URI.create(server + "/admin/realms" + path))
                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(10));
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        HttpResponse<String> response = raw(request);
        if (response.statusCode() != expected) {
            throw new IllegalStateException("Keycloak answered " + response.statusCode() + ": " + response.body());
        }
        if (response.body().isEmpty()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }

    private HttpResponse<String> raw(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak unreachable at " + server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
