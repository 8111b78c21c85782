package org.renfort.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The dashboard as the gateway serves it: the page and its scripts without a token, under a
 * policy that runs only the gateway's own scripts and styles and talks only to the gateway and
 * Keycloak's realm; and where to log in. The page itself runs in a browser in EndToEndIT.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class DashboardTest {

    @Test
    void thePageAndItsScriptsAreServedUnderAStrictContentSecurityPolicy() {
        given().when().get("/dashboard/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<script type=\"module\" src=\"app.js\"></script>"))
                .header("Content-Security-Policy", allOf(containsString("default-src 'none'"), containsString("script-src 'self'"),
                        containsString("style-src 'self'"), containsString("frame-ancestors 'none'"),
                        containsString("connect-src 'self' " + realm())))
                .header("Cache-Control", equalTo("no-cache"))
                .header("Referrer-Policy", equalTo("no-referrer"));
        for (String file : new String[] {"app.js", "auth.js", "api.js"}) {
            given().when().get("/dashboard/" + file).then().statusCode(200).contentType(containsString("javascript"))
                    // Tokens stay in memory; nothing the API sends is parsed as HTML.
                    .body(not(containsString("localStorage")), not(containsString("innerHTML")));
        }
        given().when().get("/dashboard/dashboard.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void thePageLearnsWhereToLogInWithoutAToken() {
        given().when().get("/dashboard/config.json").then().statusCode(200)
                .body("clientId", equalTo("renfort-gateway"))
                .body("authServerUrl", equalTo(realm()));
    }

    @Test
    void theApiBehindThePageStillWantsAToken() {
        given().when().get("/api/v1/region").then().statusCode(401)
                .contentType(containsString("application/problem+json"));
        given().when().get("/dashboard/config.json").then().header("Content-Security-Policy", endsWith("frame-ancestors 'none'"));
    }

    private static String realm() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.oidc.auth-server-url", String.class);
    }
}
