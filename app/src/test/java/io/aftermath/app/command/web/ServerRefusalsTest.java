package io.aftermath.app.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
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

    /** The server closes the connection after such a refusal, so the answer is all there is to read. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
