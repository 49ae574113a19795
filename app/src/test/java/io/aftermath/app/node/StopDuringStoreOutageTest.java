package io.aftermath.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.command.support.SeparateStore;
import io.aftermath.app.support.FreezingProxy;
import io.aftermath.app.support.TestUsers;

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
        SeparateStore store = SeparateStore.inMemory();
        AppNode node = AppNode.start(dir.resolve("node"), AppNode.arguments("--aftermath.mongo.uri=" + store.uri()));
        try {
            Api api = new Api(node.client());
            api.reportTicket(api.registerRelease("checkout", "6.0"), "Card declined");
            store.stopSeenBy(node);
        } finally {
            long started = System.nanoTime();
            node.close();
            // A guard against waiting out the driver (30 s), not a speed target.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            store.close();
        }

        assertThat(output.getAll()).contains("Stopping while the store is out of reach")
                .doesNotContain("Timed out during shutdown phase");
    }

    /**
     * A read waiting for the store when the node stops held graceful shutdown for its whole phase (20 s):
     * the store's connections were closed only after the web server had stopped, and the read waited out
     * the driver's server selection (30 s) until then. (A read sent once the driver has lost sight of the store
     * is refused at once, TriageStoreOutageTest.)
     */
    @Test
    void a_read_waiting_for_the_gone_store_does_not_hold_the_stop() throws Exception {
        SeparateStore store = SeparateStore.inMemory();
        AppNode node = AppNode.start(dir.resolve("node"), AppNode.arguments("--aftermath.mongo.uri=" + store.uri()));
        CompletableFuture<HttpResponse<String>> read;
        long started;
        try {
            Api api = new Api(node.client());
            String ticketId = api.reportTicket(api.registerRelease("checkout", "6.1"), "Card declined");
            store.stop();
            // Sent before the driver notices, the read waits out server selection; after, it is refused at once.
            read = readTicket(node, ticketId);
            awaitRequestInProgressOrAnswered(node, read);
        } finally {
            started = System.nanoTime();
            node.close();
            store.close();
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        HttpResponse<String> answer = read.get(5, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("STORE_UNAVAILABLE");
    }

    /**
     * Tester 48: a store that hangs (its host frozen) stays in the driver's sight, and a read blocked on
     * its socket wakes neither when the client closes nor when interrupted: the stop took about 27 s and
     * the waiting request got no answer. The read timeout here is long, so only the stop's probe of the
     * store can answer the request.
     */
    @Test
    void a_read_waiting_for_a_hanging_store_is_answered_when_the_node_stops(CapturedOutput output) throws Exception {
        CompletableFuture<HttpResponse<String>> read;
        List<String> stream = new CopyOnWriteArrayList<>();
        long started;
        try (SeparateStore store = SeparateStore.inMemory(); FreezingProxy proxy = FreezingProxy.to(store.port())) {
            AppNode node = AppNode.start(dir.resolve("node"), AppNode.arguments(
                    "--aftermath.mongo.uri=mongodb://127.0.0.1:" + proxy.port(), "--aftermath.mongo.read-timeout=60s"));
            try {
                Api api = new Api(node.client());
                String ticketId = api.reportTicket(api.registerRelease("checkout", "6.2"), "Card declined");
                HttpClient.newHttpClient().sendAsync(authorized(node, "/api/triage/stream"),
                        HttpResponse.BodyHandlers.ofLines()).thenAccept(lines -> lines.body().forEach(stream::add));
                await().atMost(Duration.ofSeconds(10)).until(() -> stream.contains("event:snapshot"));
                proxy.freeze();
                read = readTicket(node, ticketId);
                awaitRequestInProgressOrAnswered(node, read);
            } finally {
                started = System.nanoTime();
                node.close();
            }
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        HttpResponse<String> answer = read.get(5, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("STORE_UNAVAILABLE").contains("This node is stopping and its store does not answer");
        assertThat(output.getAll()).contains("Stopping while the store does not answer")
                .contains("Answered 1 request(s) waiting for the store with 503");
        assertThat(stream).contains("event:reconnect");
    }

    /**
     * Tester 63: a node stopped while a write waited for a hanging store closed the store's client under the
     * write, and the ledger logged an ERROR saying to restart the node, Axon's reader of the log an ERROR with a
     * stack, and the ledger's close a failure. They are the stop's outcome, not faults.
     */
    @Test
    void a_write_waiting_for_a_hanging_store_when_the_node_stops_is_no_error(CapturedOutput output) throws Exception {
        CompletableFuture<HttpResponse<String>> write;
        try (SeparateStore store = SeparateStore.inMemory(); FreezingProxy proxy = FreezingProxy.to(store.port())) {
            AppNode node = AppNode.start(dir.resolve("node"), AppNode.arguments(
                    "--aftermath.mongo.uri=mongodb://127.0.0.1:" + proxy.port(), "--aftermath.mongo.read-timeout=60s"));
            try {
                Api api = new Api(node.client());
                String releaseId = api.registerRelease("checkout", "6.4");
                proxy.freeze();
                // Without a key, so that nothing but the ledger's append waits for the store.
                write = HttpClient.newHttpClient().sendAsync(authorized(node, "/api/tickets", TestUsers.ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"releaseId\":\"" + releaseId
                                + "\",\"title\":\"Card declined\",\"description\":\"Every card\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                awaitRequestInProgressOrAnswered(node, write);
            } finally {
                node.close();
            }
        }

        assertThat(write.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        assertThat(output.getAll()).doesNotContain("Appends stopped; restart the node")
                .doesNotContain("Invocation of close method failed")
                .doesNotContain("ERROR");
    }

    /**
     * While the node runs, a hanging store answers nothing: a read gives up at the read timeout, then
     * waits for the driver's server selection (shortened here from 30 s), as while the store is gone.
     */
    @Test
    void a_read_from_a_hanging_store_is_answered_503_after_the_read_timeout() throws Exception {
        try (SeparateStore store = SeparateStore.inMemory(); FreezingProxy proxy = FreezingProxy.to(store.port())) {
            try (AppNode node = AppNode.start(dir.resolve("node"), AppNode.arguments(
                    "--aftermath.mongo.uri=mongodb://127.0.0.1:" + proxy.port() + "/?serverSelectionTimeoutMS=2000",
                    "--aftermath.mongo.read-timeout=1s"))) {
                Api api = new Api(node.client());
                String ticketId = api.reportTicket(api.registerRelease("checkout", "6.3"), "Card declined");
                proxy.freeze();

                HttpResponse<String> answer = readTicket(node, ticketId).get(30, TimeUnit.SECONDS);

                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.body()).contains("STORE_UNAVAILABLE");
            }
        }
    }

    private static CompletableFuture<HttpResponse<String>> readTicket(AppNode node, String ticketId) {
        return HttpClient.newHttpClient().sendAsync(authorized(node, "/api/tickets/" + ticketId),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest authorized(AppNode node, String path) {
        return authorized(node, path, TestUsers.AUDITOR).build();
    }

    private static HttpRequest.Builder authorized(AppNode node, String path, String user) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + TestUsers.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .header("Authorization", "Basic " + basic);
    }

    private static void awaitRequestInProgressOrAnswered(AppNode node, CompletableFuture<?> read) {
        MeterRegistry meters = node.bean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> read.isDone() || meters.find("http.server.requests.active")
                .longTaskTimers().stream().mapToInt(LongTaskTimer::activeTasks).sum() > 0);
    }
}
