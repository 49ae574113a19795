package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.TestUsers;
import io.aftermath.query.live.TriageStreams;
import io.netty.channel.ChannelOption;

/**
 * Regression (tester 7): a stream client that stopped reading was never counted behind, since the
 * server asks for the next event as soon as one is handed to the connection; every update was
 * buffered for it on the node (800 MB of direct memory for 100 such clients). Now the updates wait in
 * the subscriber's bounded queue while the connection holds more than the client has read, and a
 * client a whole buffer behind is disconnected.
 */
class StalledStreamClientTest {

    @TempDir
    Path dir;
    AppNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void a_client_that_stops_reading_is_disconnected_a_buffer_behind_and_others_are_not() throws Exception {
        node = AppNode.start(dir, AppNode.arguments("--aftermath.query.stream.buffer=4"), SmallSendBuffers.class);
        String release = report(null);
        TriageStreams streams = node.bean(TriageStreams.class);

        try (Socket stalled = new Socket()) {
            // A small window, so what the client does not read backs up into the node at once.
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", port()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /api/triage/stream?limit=1000 HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Basic " + Base64.getEncoder().encodeToString((TestUsers.AUDITOR + ":"
                    + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stalled.getInputStream();
            readUntil(in, "event:snapshot");
            await().atMost(Duration.ofSeconds(10)).until(() -> streams.subscribers() == 1);

            // Each report is an update of the whole queue, longer each time; the client reads none of them.
            for (int i = 0; i < 60 && streams.subscribers() > 0; i++) {
                report(release);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> streams.subscribers() == 0);
            stalled.setSoTimeout(30_000);
            assertThat(drain(in)).as("what the kernel held when the node closed the connection").isLessThan(1 << 20);
        }
        assertThat(node.client().get().uri("/actuator/prometheus").exchange().expectBody(String.class)
                .returnResult().getResponseBody()).contains("aftermath_live_subscribers_dropped_total{application=\"aftermath\",stream=\"triage\"} 1.0");
        node.client().get().uri("/api/triage?limit=1").headers(h -> h.setBasicAuth(TestUsers.AUDITOR,
                TestUsers.PASSWORD)).accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isOk();
    }

    /** Reports a ticket with a long title into {@code release}, registering one first when it is null. */
    @SuppressWarnings("unchecked")
    private String report(String release) {
        if (release == null) {
            return (String) node.client().post().uri("/api/releases")
                    .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                    .bodyValue(Map.of("service", "stalled", "version", "1.0")).exchange()
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("releaseId");
        }
        node.client().post().uri("/api/tickets").headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .bodyValue(Map.of("releaseId", release, "title", "Checkout fails ".repeat(12).trim(),
                        "description", "Seen by many")).exchange().expectStatus().isCreated();
        return release;
    }

    private int port() {
        return node.client().get().uri("/").exchange().returnResult(Void.class).getUrl().getPort();
    }

    private static void readUntil(InputStream in, String marker) throws Exception {
        StringBuilder seen = new StringBuilder();
        int b;
        while (seen.indexOf(marker) < 0 && (b = in.read()) >= 0) {
            seen.append((char) b);
        }
        assertThat(seen.toString()).startsWith("HTTP/1.1 200").contains(marker);
    }

    /** Reads to the end of the stream, which only comes if the node closed the connection. */
    private static long drain(InputStream in) throws Exception {
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
    }

    /** A small send buffer per connection, so a client that does not read fills it with a few updates. */
    @Configuration(proxyBeanMethods = false)
    static class SmallSendBuffers {

        @Bean
        NettyServerCustomizer smallSendBuffers() {
            return server -> server.childOption(ChannelOption.SO_SNDBUF, 8192);
        }
    }
}
