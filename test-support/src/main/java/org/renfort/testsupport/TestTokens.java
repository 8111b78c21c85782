package org.renfort.testsupport;

import io.smallrye.jwt.build.Jwt;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;

/**
 * Tokens shaped like the renfort realm's (audience renfort, realm roles, hospital_id claim),
 * signed by the key of Quarkus' test OIDC server for fast service-level tests.
 */
public final class TestTokens {
    public static final String ISSUER = "https://server.example.com";

    private TestTokens() {
    }

    public static String user(String name, String role) {
        return Jwt.preferredUserName(name).issuer(ISSUER).audience("renfort")
                .claim("realm_access", Map.of("roles", List.of(role))).sign();
    }

    public static String hospital(String name, String role, String hospitalId) {
        return Jwt.preferredUserName(name).issuer(ISSUER).audience("renfort")
                .claim("realm_access", Map.of("roles", List.of(role)))
                .claim("hospital_id", hospitalId).sign();
    }

    /** A dispatcher of a dispatch centre (claim dispatch_center, as the realm's user attribute maps it). */
    public static String dispatcher(String name, String dispatchCenter) {
        return Jwt.preferredUserName(name).issuer(ISSUER).audience("renfort")
                .claim("realm_access", Map.of("roles", List.of("dispatcher")))
                .claim("dispatch_center", dispatchCenter).sign();
    }

    public static String wrongAudience() {
        return Jwt.preferredUserName("coordinator").issuer(ISSUER).audience("another-api")
                .claim("realm_access", Map.of("roles", List.of("coordinator"))).sign();
    }

    /** A well-formed token signed by a key the server does not trust. */
    public static String signedByAnotherKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            PrivateKey foreign = generator.generateKeyPair().getPrivate();
            return Jwt.preferredUserName("coordinator").issuer(ISSUER).audience("renfort")
                    .claim("realm_access", Map.of("roles", List.of("coordinator"))).sign(foreign);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }

    /** A token of {@code role} that expires {@code seconds} from now. */
    public static String expiringIn(long seconds, String name, String role) {
        return Jwt.preferredUserName(name).issuer(ISSUER).audience("renfort")
                .claim("realm_access", Map.of("roles", List.of(role)))
                .expiresAt(System.currentTimeMillis() / 1000 + seconds).sign();
    }

    public static String expired() {
        long past = System.currentTimeMillis() / 1000 - 3600;
        return Jwt.preferredUserName("coordinator").issuer(ISSUER).audience("renfort")
                .claim("realm_access", Map.of("roles", List.of("coordinator")))
                .issuedAt(past - 300).expiresAt(past).sign();
    }
}
