package io.aftermath.app.command.security;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;

import io.aftermath.app.command.support.AppNode;

/**
 * How often and how long a node calls the identity provider. Before: every token naming a key id the
 * node had not cached made it fetch the key set again (anyone could make it call the issuer once per
 * request), and an issuer that accepted connections but never answered held each request forever.
 */
class IssuerFetchLimitsTest {

    private static final String ISSUER = "https://issuer.example";

    @TempDir
    static Path dir;
    static HttpServer keys;
    static final AtomicInteger keySetFetches = new AtomicInteger();
    static ServerSocket silentIssuer;
    static final List<Socket> heldConnections = new CopyOnWriteArrayList<>();
    static RSAKey published;
    static AppNode limited;
    static AppNode waiting;

    @BeforeAll
    static void start() throws Exception {
        published = new RSAKeyGenerator(2048).keyID("published").generate();
        keys = TestIssuer.keySet(published, keySetFetches);
        silentIssuer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(IssuerFetchLimitsTest::acceptAndNeverAnswer, "silent-issuer");
        accepting.setDaemon(true);
        accepting.start();
        limited = AppNode.start(dir.resolve("limited"), List.of("--aftermath.security.jwt.issuer-uri=" + ISSUER,
                "--aftermath.security.jwt.jwk-set-uri=" + TestIssuer.keySetUri(keys),
                "--aftermath.security.jwt.key-fetch-interval=1h"));
        waiting = AppNode.start(dir.resolve("waiting"), List.of(
                "--aftermath.security.jwt.issuer-uri=http://127.0.0.1:" + silentIssuer.getLocalPort() + "/realm"));
    }

    @AfterAll
    static void stop() throws IOException {
        for (AppNode node : new AppNode[] {waiting, limited}) {
            if (node != null) {
                node.close();
            }
        }
        if (keys != null) {
            keys.stop(0);
        }
        if (silentIssuer != null) {
            silentIssuer.close();
        }
        for (Socket connection : heldConnections) {
            connection.close();
        }
    }

    @Test
    void tokens_naming_unknown_keys_do_not_make_the_node_fetch_the_key_set_again_within_the_interval()
            throws Exception {
        triage(limited, token(published)).expectStatus().isOk();
        assertThat(keySetFetches).hasValue(1);

        for (int i = 0; i < 20; i++) {
            RSAKey madeUp = new RSAKeyGenerator(2048).keyID("made-up-" + i).generate();
            assertProblem(triage(limited, token(madeUp)), 401, "UNAUTHENTICATED");
        }

        assertThat(keySetFetches).hasValue(1);
        triage(limited, token(published)).expectStatus().isOk();
    }

    @Test
    void an_issuer_that_never_answers_is_503_after_the_fetch_timeout_and_not_asked_again_at_once()
            throws Exception {
        for (int i = 0; i < 3; i++) {
            WebTestClient.ResponseSpec response = waiting.client().get().uri("/api/triage")
                    .header("Authorization", "Bearer " + token(published)).exchange();
            assertProblem(response, 503, "IDENTITY_PROVIDER_UNAVAILABLE");
            response.expectHeader().valueEquals("Retry-After", "5");
        }

        assertThat(heldConnections).hasSize(1);
    }

    private static WebTestClient.ResponseSpec triage(AppNode node, String token) {
        return node.client().get().uri("/api/triage").header("Authorization", "Bearer " + token).exchange();
    }

    private static String token(RSAKey key) throws JOSEException {
        return TestIssuer.token(key, ISSUER, "TRIAGER");
    }

    private static void acceptAndNeverAnswer() {
        try {
            while (!silentIssuer.isClosed()) {
                heldConnections.add(silentIssuer.accept());
            }
        } catch (IOException closed) {
            // The test is over.
        }
    }
}
