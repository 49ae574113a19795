package io.aftermath.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.RawExport;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;

/**
 * A client that stops reading its answer has its connection closed after aftermath.web.send-timeout, which
 * frees the heavy-request place and the page it held (tester 55: four such clients held every place of a
 * node for as long as they stayed connected); one that reads slowly keeps it. The node's send buffers are
 * made small here, so a few hundred kilobytes of log are more than the connection can hold.
 */
@AftermathHttpTest
@Import(StalledClientHttpTest.SmallSendBuffers.class)
@TestPropertySource(properties = "aftermath.web.send-timeout=1s")
class StalledClientHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine engine;
    @Autowired
    MeterRegistry meters;
    @LocalServerPort
    int port;

    private long from;

    @TestConfiguration
    static class SmallSendBuffers {

        @Bean
        NettyServerCustomizer smallSendBuffers() {
            return server -> server.childOption(ChannelOption.SO_SNDBUF, 4096);
        }
    }

    /** About 300 KB of log, from {@link #from}. */
    @BeforeEach
    void log() {
        from = engine.head();
        Api api = new Api(client);
        String releaseId = api.freshRelease();
        for (int i = 0; i < 20; i++) {
            api.post(TestUsers.REPORTER, "/api/tickets", Map.of("releaseId", releaseId, "title", "Stalled " + i,
                    "description", "x".repeat(15_000))).expectStatus().isCreated();
        }
    }

    @Test
    void a_client_that_stops_reading_is_cut_off_and_its_place_freed() throws IOException {
        try (Socket socket = export()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> running() == 1.0);

            await().atMost(Duration.ofSeconds(15)).until(() -> running() == 0.0);

            assertThat(readToEnd(socket.getInputStream(), Duration.ZERO))
                    .doesNotEndWith(RawExport.END_OF_CHUNKED_BODY);
        }
    }

    @Test
    void a_client_that_reads_slowly_gets_the_whole_answer() throws IOException {
        try (Socket socket = export()) {
            assertThat(readToEnd(socket.getInputStream(), Duration.ofMillis(40)))
                    .endsWith(RawExport.END_OF_CHUNKED_BODY);
        }
    }

    private Socket export() throws IOException {
        return RawExport.open(port, "/api/events?from=" + from + "&limit=10000");
    }

    /** Reads 4 KB at a time with {@code pause} between reads (about 3 s for the whole log here at 40 ms). */
    private static String readToEnd(InputStream in, Duration pause) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.write(buffer, 0, n);
                Thread.sleep(pause.toMillis());
            }
        } catch (SocketException reset) {
            // A connection closed with bytes unread on either side may end in a reset rather than EOF.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    private double running() {
        return meters.get("aftermath.heavy.requests.running").gauge().value();
    }
}
