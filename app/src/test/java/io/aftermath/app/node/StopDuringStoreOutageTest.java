package io.aftermath.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.mongodb.client.MongoClient;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;

/**
 * Tester 25: a node stopped while its store was gone took 7-14 s. Axon's processors sat in store calls
 * waiting out the driver's 30 s server selection; Axon waited 5 s for them, logged a timeout and
 * interrupted them. Now the node closes the driver's connections first, so they fail at once.
 */
@ExtendWith(OutputCaptureExtension.class)
class StopDuringStoreOutageTest {

    @TempDir
    Path dir;

    @Test
    void a_node_stopping_with_its_store_gone_does_not_wait_for_the_store(CapturedOutput output) throws IOException {
        int port = freePort();
        EmbeddedMongoServer mongo = EmbeddedMongoServer.start(new EmbeddedMongoSettings(Backend.MEMORY, null, port, 0, false));
        List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
        arguments.add("--aftermath.mongo.uri=mongodb://127.0.0.1:" + port);
        AppNode node = AppNode.start(dir.resolve("node"), arguments);
        try {
            Api api = new Api(node.client());
            api.reportTicket(api.registerRelease("checkout", "6.0"), "Card declined");
            MongoClient driver = node.bean(MongoClient.class);
            mongo.close();
            mongo = null;
            await().atMost(Duration.ofSeconds(30)).until(() -> !driver.getClusterDescription().hasWritableServer());
        } finally {
            long started = System.nanoTime();
            node.close();
            // A guard against waiting out the driver (30 s), not a speed target.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            if (mongo != null) {
                mongo.close();
            }
        }

        assertThat(output.getAll()).contains("Stopping while the store is out of reach")
                .doesNotContain("Timed out during shutdown phase");
    }

    /**
     * A read waiting for the store when the node stops held graceful shutdown for its whole phase (20 s):
     * the store's connections were closed only after the web server had stopped, and the read waited out
     * the driver's server selection (30 s) until then.
     */
    @Test
    void a_read_waiting_for_the_gone_store_does_not_hold_the_stop() throws Exception {
        int port = freePort();
        EmbeddedMongoServer mongo = EmbeddedMongoServer.start(new EmbeddedMongoSettings(Backend.MEMORY, null, port, 0, false));
        List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
        arguments.add("--aftermath.mongo.uri=mongodb://127.0.0.1:" + port);
        AppNode node = AppNode.start(dir.resolve("node"), arguments);
        CompletableFuture<HttpResponse<String>> read;
        long started;
        try {
            Api api = new Api(node.client());
            String ticketId = api.reportTicket(api.registerRelease("checkout", "6.1"), "Card declined");
            MongoClient driver = node.bean(MongoClient.class);
            mongo.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> !driver.getClusterDescription().hasWritableServer());
            String basic = Base64.getEncoder().encodeToString((TestUsers.AUDITOR + ":" + TestUsers.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            read = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.port() + "/api/tickets/" + ticketId))
                    .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
            MeterRegistry meters = node.bean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("http.server.requests.active")
                    .longTaskTimers().stream().mapToInt(LongTaskTimer::activeTasks).sum() > 0);
        } finally {
            started = System.nanoTime();
            node.close();
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        HttpResponse<String> answer = read.get(5, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("STORE_UNAVAILABLE");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
