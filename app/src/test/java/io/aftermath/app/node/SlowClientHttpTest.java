package io.aftermath.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.RawExport;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * Tester 57: a client reading steadily but slower than the kernel drains its send buffer was cut by
 * aftermath.web.send-timeout: with megabytes queued in that buffer (the kernel sizes it itself here), the
 * node hands the kernel more only long after the client read some. The kernel's own clock of the data it
 * last sent tells such a client from one that stopped reading.
 */
@AftermathHttpTest
@TestPropertySource(properties = "aftermath.web.send-timeout=1s")
class SlowClientHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine engine;
    @LocalServerPort
    int port;

    @Test
    void a_client_reading_slower_than_the_kernel_drains_its_buffer_gets_the_whole_answer() throws IOException {
        long from = engine.head();
        Api api = new Api(client);
        String releaseId = api.freshRelease();
        // About 6 MB of canonical NDJSON: more than the send buffer the kernel grows to on loopback (2-4 MB).
        for (int i = 0; i < 200; i++) {
            api.post(TestUsers.REPORTER, "/api/tickets", Map.of("releaseId", releaseId, "title", "Slow " + i,
                    "description", "x".repeat(15_000))).expectStatus().isCreated();
        }

        try (Socket socket = RawExport.open(port, "/api/events?from=" + from + "&limit=10000&canonical=true")) {
            assertThat(readSlowly(socket.getInputStream())).endsWith(RawExport.END_OF_CHUNKED_BODY);
        }
    }

    /**
     * About 80 KB/s for the first 5 s (4 KB every 50 ms, tester 57's reader), then at full speed: at that pace
     * half a send buffer of megabytes takes the kernel far longer than the send-timeout to drain.
     */
    private static String readSlowly(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        long slowUntil = System.nanoTime() + 5_000_000_000L;
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.write(buffer, 0, n);
                if (System.nanoTime() < slowUntil) {
                    LockSupport.parkNanos(50_000_000);
                }
            }
        } catch (SocketException reset) {
            // Cut off: what arrived lacks the end of the body.
        }
        return read.toString(StandardCharsets.UTF_8);
    }
}
