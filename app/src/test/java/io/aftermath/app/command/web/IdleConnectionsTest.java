package io.aftermath.app.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.TestUsers;

/**
 * Tester 17: connections that never finished their headers stayed open for good, so a few clients could
 * hold them up to the process's file limit. An idle one is now closed; a stream, being answered, is not.
 */
class IdleConnectionsTest {

    @TempDir
    static Path dataDir;
    static AppNode node;

    @BeforeAll
    static void start() {
        node = AppNode.start(dataDir, AppNode.arguments("--server.netty.idle-timeout=1s"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_connection_that_never_finishes_its_headers_is_closed() throws IOException {
        try (Socket socket = new Socket("localhost", node.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET /api/triage HTTP/1.1\r\nHost: localhost\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            long started = System.nanoTime();

            assertThat(socket.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void a_stream_with_nothing_to_send_stays_open_past_the_idle_timeout() throws IOException {
        String credentials = Base64.getEncoder().encodeToString(
                (TestUsers.AUDITOR + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket("localhost", node.port())) {
            socket.getOutputStream().write(("GET /api/triage/stream HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\nAuthorization: Basic " + credentials + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(15_000);
            StringBuilder received = new StringBuilder();
            while (!received.toString().contains("event:snapshot")) {
                int read = in.read();
                assertThat(read).as("the snapshot arrives before the stream ends").isNotEqualTo(-1);
                received.append((char) read);
            }

            // Heartbeats come every 15 s: for 3 s, three idle timeouts, there is nothing to read, yet it stays open.
            socket.setSoTimeout(500);
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                try {
                    assertThat(in.read()).as("still open").isNotEqualTo(-1);
                } catch (SocketTimeoutException nothingYet) {
                    // open, and quiet
                }
            }
        }
    }
}
