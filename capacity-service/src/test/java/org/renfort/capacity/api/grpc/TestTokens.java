package org.renfort.capacity.api.grpc;

import io.smallrye.jwt.build.Jwt;

import java.util.List;
import java.util.Map;

/** Tokens shaped like the renfort realm's, signed by the test OIDC server's key. */
final class TestTokens {
    static final String ISSUER = "https://server.example.com";

    private TestTokens() {
    }

    static String user(String name, String role) {
        return Jwt.preferredUserName(name).issuer(ISSUER).audience("renfort")
                .claim("realm_access", Map.of("roles", List.of(role))).sign();
    }

    static String hospital(String name, String role, String hospitalId) {
        return Jwt.preferredUserName(name).issuer(ISSUER).audience("renfort")
                .claim("realm_access", Map.of("roles", List.of(role)))
                .claim("hospital_id", hospitalId).sign();
    }

    static String wrongAudience() {
        return Jwt.preferredUserName("coordinator").issuer(ISSUER).audience("another-api")
                .claim("realm_access", Map.of("roles", List.of("coordinator"))).sign();
    }
}
