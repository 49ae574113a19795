package io.aftermath.app.command.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/** An identity provider's part in the JWT tests: a key set served over HTTP, and tokens signed for a user. */
final class TestIssuer {

    private TestIssuer() {
    }

    /** Serves the public half of {@code key} at {@code /jwks} on a loopback port, counting each fetch. */
    static HttpServer keySet(RSAKey key, AtomicInteger fetches) throws IOException {
        return keySet(() -> key, fetches, () -> 0);
    }

    /**
     * Serves the public half of the key {@code published} names when asked, counting each fetch; while
     * {@code failing} names a status (not 0), answers that instead, as an issuer in trouble does.
     */
    static HttpServer keySet(Supplier<? extends JWK> published, AtomicInteger fetches, IntSupplier failing)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            int status = failing.getAsInt();
            if (status != 0) {
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
                return;
            }
            byte[] keySet = new JWKSet(published.get().toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keySet.length);
            exchange.getResponseBody().write(keySet);
            exchange.close();
        });
        server.start();
        return server;
    }

    static String keySetUri(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** A token for dana with {@code role}, valid for five minutes, signed with {@code key} (RS256, or ES256 for EC). */
    static String token(JWK key, String issuer, String role) throws JOSEException {
        return token(key, issuer, role, null);
    }

    /** As {@link #token(JWK, String, String)}, its header's {@code typ} set to {@code type} unless null. */
    static String token(JWK key, String issuer, String role, String type) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("dana")
                .claim("roles", List.of(role)).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
        boolean ec = key instanceof ECKey;
        JWSHeader.Builder header = new JWSHeader.Builder(ec ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256)
                .keyID(key.getKeyID());
        if (type != null) {
            header.type(new JOSEObjectType(type));
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        jwt.sign(ec ? new ECDSASigner(key.toECKey()) : new RSASSASigner(key.toRSAKey()));
        return jwt.serialize();
    }
}
