package io.aftermath.app.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.LedgerHead;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * A refusal the HTTP server makes before Aftermath sees the request, one of the exceptions to
 * problem+json the README lists. Reactor Netty checks header values as it parses them; letting it
 * accept them would also stop its check of response headers, which shares the switch. Sent over a
 * socket, since HTTP clients refuse to send such a header at all.
 */
@AftermathHttpTest
@ExtendWith(OutputCaptureExtension.class)
class ServerRefusalsTest {

    @LocalServerPort
    int port;
    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine ledger;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"X-Correlation-Id: bad\u007fcorr", "Idempotency-Key: k\u0001x"})
    void a_control_character_in_a_header_value_is_400_with_an_empty_body_and_appends_nothing(String header)
            throws IOException {
        String releaseId = new Api(client).freshRelease();
        LedgerHead head = LedgerHead.remember(ledger);
        String body = "{\"releaseId\":\"" + releaseId + "\",\"title\":\"t\",\"description\":\"d\"}";
        String credentials = Base64.getEncoder().encodeToString(
                (TestUsers.ADMIN + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));

        String response = exchange("POST /api/tickets HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Basic " + credentials + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n" + header + "\r\n\r\n" + body);

        assertThat(response).startsWith("HTTP/1.1 400 ").containsIgnoringCase("content-length: 0")
                .endsWith("\r\n\r\n");
        head.assertUnchanged();
    }

    /** Tester 68: each such refusal wrote a WARN, for any client, before it signed in. */
    @Test
    void refusals_of_the_http_decoder_write_nothing_to_the_log(CapturedOutput output) throws IOException {
        String longLine = exchange("GET /api/search?q=" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        String longHeaders = exchange("GET /api/releases HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
                + "b".repeat(9_000) + "\r\n\r\n");
        String controlCharacter = exchange("GET /api/releases HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Correlation-Id: bad\u007fcorr\r\n\r\n");

        assertThat(longLine).startsWith("HTTP/1.1 414 ");
        assertThat(longHeaders).startsWith("HTTP/1.1 431 ");
        assertThat(controlCharacter).startsWith("HTTP/1.1 400 ");
        assertThat(output.getAll()).doesNotContain("Decoding failed");
    }

    /** Tester 75: Spring's adapter refuses it as it builds the request, before any filter could answer problem+json. */
    @Test
    void a_percent_starting_no_escape_in_the_url_is_400_with_an_empty_body(CapturedOutput output) throws IOException {
        String refused = exchange("GET /api/tickets/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(refused).startsWith("HTTP/1.1 400 ").containsIgnoringCase("content-length: 0").endsWith("\r\n\r\n");
        assertThat(output.getAll()).doesNotContain("%zz");
    }

    /** Before, each hang-up was a 500 with an ERROR and its stack: any signed-in client could page the on-call. */
    @Test
    void a_client_hanging_up_mid_body_is_counted_499_not_500_and_appends_nothing(CapturedOutput output)
            throws IOException {
        LedgerHead head = LedgerHead.remember(ledger);
        String credentials = Base64.getEncoder().encodeToString(
                (TestUsers.ADMIN + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
        // Signed in once first: a connection gone while its password is still being checked is cancelled,
        // not read, and then nothing is counted at all.
        client.get().uri("/api/releases").headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .exchange().expectStatus().isOk();
        double errorsBefore = count("500");
        double hangUpsBefore = count("499");

        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write(("POST /api/tickets HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Basic " + credentials + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"releaseId\":").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }

        Awaitility.await("the hang-up to be counted").atMost(Duration.ofSeconds(20))
                .until(() -> count("499") > hangUpsBefore);
        assertThat(count("500")).isEqualTo(errorsBefore);
        assertThat(output.getOut()).contains("closed its connection before its request was read");
        assertThat(output.getOut()).doesNotContain("Unexpected failure while handling a request");
        head.assertUnchanged();
    }

    /** Requests to {@code POST /api/tickets} answered with {@code status}, as Prometheus scrapes them. */
    private double count(String status) {
        String scraped = client.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
                .build().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Matcher counts = Pattern.compile("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\""
                + status + "\",uri=\"/api/tickets\"} (\\S+)").matcher(scraped);
        double total = 0;
        while (counts.find()) {
            total += Double.parseDouble(counts.group(1));
        }
        return total;
    }

    /** The server closes the connection after such a refusal, so the answer is all there is to read. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
