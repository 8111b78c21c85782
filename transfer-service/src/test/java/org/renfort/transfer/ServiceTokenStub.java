package org.renfort.transfer;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.renfort.testsupport.TestTokens;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** The identity provider's client-credentials answer for transfer-service, on the test OIDC server. */
public final class ServiceTokenStub {
    public static final String SERVICE_SUBJECT = "service-account-transfer-service";

    private ServiceTokenStub() {
    }

    public static void register(WireMockServer server) {
        server.stubFor(post(urlPathMatching(".*/renfort-test/service-token")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"" + TestTokens.user(SERVICE_SUBJECT, "service")
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
    }
}
