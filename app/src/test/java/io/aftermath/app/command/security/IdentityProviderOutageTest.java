package io.aftermath.app.command.security;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.Ids;

/**
 * JWT mode with the identity provider out of reach. A token the cached keys cannot check makes the
 * node fetch them; when that fails the node cannot tell a good token from a bad one, so it answers
 * 503 {@code IDENTITY_PROVIDER_UNAVAILABLE} with {@code Retry-After}, as for a store out of sight.
 * Before: 500 {@code INTERNAL}, the ConnectException logged as an unexpected failure.
 */
class IdentityProviderOutageTest {

    private static final String ISSUER = "https://issuer.example";

    @TempDir
    static Path dir;
    static HttpServer keys;
    static RSAKey published;
    static AppNode withKeySet;
    static AppNode withDiscovery;

    @BeforeAll
    static void start() throws Exception {
        published = new RSAKeyGenerator(2048).keyID("published").generate();
        keys = TestIssuer.keySet(published, new AtomicInteger());
        withKeySet = AppNode.start(dir.resolve("key-set"), List.of("--aftermath.security.jwt.issuer-uri=" + ISSUER,
                "--aftermath.security.jwt.jwk-set-uri=" + TestIssuer.keySetUri(keys),
                // The rotated key's token must make the node ask again, however soon after the first.
                "--aftermath.security.jwt.key-fetch-interval=0s"));
        withDiscovery = AppNode.start(dir.resolve("discovery"),
                List.of("--aftermath.security.jwt.issuer-uri=http://127.0.0.1:" + closedPort() + "/realm"));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {withDiscovery, withKeySet}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // The other node still has to stop.
            }
        }
        if (keys != null) {
            keys.stop(0);
        }
    }

    @Test
    void a_token_signed_with_a_key_that_cannot_be_fetched_is_503_with_retry_after() throws Exception {
        post(withKeySet, token(published, ISSUER)).expectStatus().isCreated();
        keys.stop(0);
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("rotated").generate();

        WebTestClient.ResponseSpec response = post(withKeySet, token(rotated, ISSUER));

        assertProblem(response, 503, "IDENTITY_PROVIDER_UNAVAILABLE");
        response.expectHeader().valueEquals("Retry-After", "5");
    }

    @Test
    void a_token_while_the_issuer_cannot_be_discovered_is_503_with_retry_after() throws Exception {
        WebTestClient.ResponseSpec response = withDiscovery.client().get().uri("/api/triage")
                .header("Authorization", "Bearer " + token(published, ISSUER)).exchange();

        assertProblem(response, 503, "IDENTITY_PROVIDER_UNAVAILABLE");
        response.expectHeader().valueEquals("Retry-After", "5");
    }

    private static WebTestClient.ResponseSpec post(AppNode node, String token) {
        return node.client().post().uri("/api/releases").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("service", Ids.service("idp"), "version", "1.0")).exchange();
    }

    private static String token(RSAKey key, String issuer) throws JOSEException {
        return TestIssuer.token(key, issuer, "RESPONDER");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
