package io.aftermath.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.command.support.SeparateStore;
import io.aftermath.app.support.FreezingProxy;
import io.aftermath.app.support.RawExport;
import io.aftermath.app.support.TestUsers;
import io.netty.channel.ChannelOption;

/**
 * A release's events are streamed, each window of the log read from the store as the client takes the
 * answer, so a store that hangs in the middle is met after the status was sent. Tester 69's hangs came
 * after every read was done; here the release is longer than what the node reads ahead and the client has
 * taken, so the answer must end at the read timeout, cut short, rather than hold the connection and its
 * heavy-request place for as long as the store hangs.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReleaseEventsStoreHangTest {

    /**
     * Past the windows of the log read before the hang: the first three (640 positions), asked for at the
     * start, and no more while the node holds fewer than the first window's 128 events for the client,
     * which reports of 5 KB keep it to.
     */
    private static final int TICKETS = 800;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The driver retries a read once (measured: 4.0 s), well before its monitor would find the store gone
     * without the timeout (10 s, its connect timeout).
     */
    private static final Duration CUT_WITHIN = READ_TIMEOUT.multipliedBy(4).plusSeconds(1);

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    static class SmallSendBuffers {

        /** So what the node holds for the client is its own 64 KB, not the kernel's megabytes. */
        @Bean
        NettyServerCustomizer smallSendBuffers() {
            return server -> server.childOption(ChannelOption.SO_SNDBUF, 4096);
        }
    }

    @Test
    void a_release_s_events_met_by_a_hang_mid_answer_end_cut_short_at_the_read_timeout(CapturedOutput output)
            throws Exception {
        try (SeparateStore store = SeparateStore.inMemory(); FreezingProxy proxy = FreezingProxy.to(store.port())) {
            List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
            arguments.add("--aftermath.mongo.uri=mongodb://127.0.0.1:" + proxy.port());
            arguments.add("--aftermath.mongo.read-timeout=" + READ_TIMEOUT.toMillis() + "ms");
            try (AppNode node = AppNode.start(dir.resolve("node"), arguments, SmallSendBuffers.class)) {
                String releaseId = releaseOf(new Api(node.client()));

                try (Socket socket = RawExport.open(node.port(), "/api/releases/" + releaseId + "/events")) {
                    socket.setSoTimeout((int) CUT_WITHIN.toMillis());
                    InputStream in = socket.getInputStream();
                    String begun = new String(in.readNBytes(16 * 1024), StandardCharsets.UTF_8);
                    assertThat(begun).startsWith("HTTP/1.1 200");
                    proxy.freeze();
                    long frozenAt = System.nanoTime();

                    String rest = readUntilClosed(in);

                    Duration took = Duration.ofNanos(System.nanoTime() - frozenAt);
                    assertThat(took).isLessThan(CUT_WITHIN);
                    // The release's registration and every report would be TICKETS + 1.
                    assertThat(events(begun + rest)).isBetween(1, TICKETS);
                    assertThat(rest).doesNotEndWith(RawExport.END_OF_CHUNKED_BODY);
                }
                assertThat(output.getAll()).contains("The answer to GET /api/releases/" + releaseId
                        + "/events was cut after its status 200 OK was sent: STORE_UNAVAILABLE");
                // So the node's stop need not wait out the hang.
                proxy.thaw();
            }
        }
    }

    private static String releaseOf(Api api) throws InterruptedException {
        String releaseId = api.registerRelease("checkout", "9.0");
        ExecutorService reporters = Executors.newFixedThreadPool(8);
        for (int i = 0; i < TICKETS; i++) {
            int n = i;
            reporters.execute(() -> api.post(TestUsers.REPORTER, "/api/tickets", Map.of("releaseId", releaseId,
                    "title", "Slow checkout " + n, "description", "x".repeat(5_000))).expectStatus().isCreated());
        }
        reporters.shutdown();
        assertThat(reporters.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        return releaseId;
    }

    /** What arrives until the node ends the connection (with or without a reset). */
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // What arrived is the answer.
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    private static int events(String answer) {
        return answer.split("\"eventId\":", -1).length - 1;
    }
}
