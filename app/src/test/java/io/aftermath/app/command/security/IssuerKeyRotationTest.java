package io.aftermath.app.command.security;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;

import io.aftermath.app.command.support.AppNode;

/**
 * Before: keys once fetched were trusted until a token named one the node did not know, so a key the
 * issuer withdrew (one that leaked) went on opening the API for as long as the node ran.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IssuerKeyRotationTest {

    private static final String ISSUER = "https://issuer.example";

    @TempDir
    static Path dir;
    static RSAKey first;
    static RSAKey second;
    static final AtomicReference<JWK> published = new AtomicReference<>();
    static final AtomicInteger failing = new AtomicInteger();
    static final AtomicInteger keySetFetches = new AtomicInteger();
    static HttpServer keys;
    static AppNode node;

    @BeforeAll
    static void start() throws Exception {
        first = new RSAKeyGenerator(2048).keyID("first").generate();
        second = new RSAKeyGenerator(2048).keyID("second").generate();
        published.set(first);
        keys = TestIssuer.keySet(published::get, keySetFetches, failing::get);
        node = AppNode.start(dir, List.of("--aftermath.security.jwt.issuer-uri=" + ISSUER,
                "--aftermath.security.jwt.jwk-set-uri=" + TestIssuer.keySetUri(keys),
                "--aftermath.security.jwt.key-fetch-interval=0s", "--aftermath.security.jwt.key-max-age=1s"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (keys != null) {
            keys.stop(0);
        }
    }

    @Test
    @Order(1)
    void a_key_the_issuer_withdrew_is_refused_once_the_keys_pass_their_max_age() throws Exception {
        triage(token(first)).expectStatus().isOk();

        published.set(second);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertProblem(triage(token(first)), 401, "UNAUTHENTICATED"));
        triage(token(second)).expectStatus().isOk();
    }

    /**
     * Tester 29: an issuer answering 404 or 429 (not 503) at renewal locked every user out with 401: the
     * failed renewal was taken for keys that vouched for nobody.
     */
    @ParameterizedTest
    @Order(2)
    @ValueSource(ints = {503, 404, 429})
    void an_issuer_in_trouble_at_renewal_leaves_the_keys_in_use_checking_tokens(int status) throws Exception {
        published.set(second);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> triage(token(second)).expectStatus().isOk());
        failing.set(status);
        try {
            int fetchesBeforeOutage = keySetFetches.get();
            // Past the max age each token makes the node try the issuer; the keys it has go on checking them.
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                triage(token(second)).expectStatus().isOk();
                return keySetFetches.get() > fetchesBeforeOutage;
            });
            triage(token(second)).expectStatus().isOk();
            // A key not among those kept: only the issuer could vouch for it.
            assertProblem(triage(token(first)), 503, "IDENTITY_PROVIDER_UNAVAILABLE");
        } finally {
            failing.set(0);
        }
    }

    /** Tester 29: an access token typed as RFC 9068 has it was 401. */
    @Test
    @Order(3)
    void an_access_token_typed_at_jwt_is_taken_and_one_of_another_type_is_not() throws Exception {
        JWK current = published.get();
        triage(TestIssuer.token(current, ISSUER, "TRIAGER", "at+jwt")).expectStatus().isOk();
        assertProblem(triage(TestIssuer.token(current, ISSUER, "TRIAGER", "secevent+jwt")), 401, "UNAUTHENTICATED");
    }

    /**
     * Tester 152: an issuer rotating from RSA to EC keys locked every user out until the node restarted (only the
     * algorithms of the keys first fetched were taken, and with a key set URI only RS256).
     */
    @Test
    @Order(4)
    void an_issuer_rotating_to_keys_of_another_algorithm_is_followed() throws Exception {
        ECKey elliptic = new ECKeyGenerator(Curve.P_256).keyID("elliptic").generate();
        published.set(elliptic);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                triage(TestIssuer.token(elliptic, ISSUER, "TRIAGER")).expectStatus().isOk());
        assertProblem(triage(token(second)), 401, "UNAUTHENTICATED");
    }

    private static WebTestClient.ResponseSpec triage(String token) {
        return node.client().get().uri("/api/triage").header("Authorization", "Bearer " + token).exchange();
    }

    private static String token(RSAKey key) throws JOSEException {
        return TestIssuer.token(key, ISSUER, "TRIAGER");
    }
}
