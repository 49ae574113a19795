package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.TestUsers;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.web.Reads;

import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Open streams end with {@code reconnect}, which {@code EventSource} follows by itself, when they should. */
class StreamEndsHttpTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @TempDir
    Path dir;
    AppNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /**
     * Before, graceful shutdown waited for an open stream until the 20 s phase timeout, then cut it (curl exit 18)
     * without a reconnect event.
     */
    @Test
    void stopping_the_node_sends_reconnect_to_an_open_stream_and_ends_it_promptly() {
        node = AppNode.start(dir, AppNode.TEST_USERS);
        CompletableFuture<Duration> closing = new CompletableFuture<>();

        StepVerifier.create(triageStream())
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                // Closed on a thread of its own: not the client's event loop, which must deliver the rest.
                .then(() -> CompletableFuture.runAsync(() -> {
                    long began = System.nanoTime();
                    node.close();
                    closing.complete(Duration.ofNanos(System.nanoTime() - began));
                }))
                .thenConsumeWhile(event -> !"reconnect".equals(event.event()))
                .assertNext(event -> {
                    assertThat(event.data()).contains("shutting down");
                    // Tester 27: without one, every browser came back after its own default, all at once.
                    assertThat(event.retry()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(30));

        // Well under the 20 s shutdown phase timeout a lingering stream would cost: a bound, not a benchmark.
        assertThat(closing.join()).isLessThan(Duration.ofSeconds(10));
        node = null;
    }

    /**
     * Before, a stream opened with Basic credentials stayed open until the node stopped: its credentials were never
     * checked again, and it never moved to a query node added since.
     */
    @Test
    void a_stream_opened_with_basic_credentials_ends_after_its_lifetime_with_a_reconnect_event() {
        node = AppNode.start(dir, AppNode.arguments("--aftermath.query.stream.max-lifetime=2s"));

        StepVerifier.create(triageStream())
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .thenConsumeWhile(event -> !"reconnect".equals(event.event()))
                .assertNext(event -> {
                    assertThat(event.data()).contains("longest lifetime");
                    assertThat(event.retry()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    /**
     * Tester 155: after a kill of the node running {@code triage}, the other node's triage streams stood still for a
     * claim timeout while writes went on, and a snapshot opened meanwhile said nothing of it. Here the node's own
     * triage processor stands still, as a dead node's would.
     */
    @Test
    void a_stream_ends_when_its_read_model_falls_behind_the_log_and_again_once_it_is_current() {
        node = AppNode.start(dir, AppNode.arguments("--aftermath.query.stale-after=1500ms",
                "--aftermath.query.processors.claim-extension=200ms"));
        Api api = new Api(node.client());
        String release = api.freshRelease();
        StreamingEventProcessor triage = node.bean(EventProcessingConfiguration.class)
                .eventProcessor(ProjectionNames.TRIAGE, StreamingEventProcessor.class).orElseThrow();

        StepVerifier.create(triageStream(headers -> assertThat(headers.containsKey(Reads.STALE)).isFalse()))
                .assertNext(event -> assertThat(event.data()).doesNotContain("\"stale\""))
                .then(() -> {
                    triage.shutdownAsync().join();
                    api.reportTicket(release, "Nobody can pay");
                })
                .thenConsumeWhile(event -> !"reconnect".equals(event.event()))
                .assertNext(event -> assertThat(event.data()).contains("fell behind the log"))
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        triageRead().expectHeader().valueEquals(Reads.STALE, "true");

        StepVerifier.create(triageStream(headers -> assertThat(headers.getFirst(Reads.STALE)).isEqualTo("true")))
                .assertNext(event -> assertThat(event.data()).contains("\"stale\":true"))
                .then(triage::start)
                .thenConsumeWhile(event -> !"reconnect".equals(event.event()))
                .assertNext(event -> assertThat(event.data()).contains("current again"))
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        triageRead().expectHeader().doesNotExist(Reads.STALE);
    }

    private WebTestClient.ResponseSpec triageRead() {
        return node.client().get().uri("/api/triage")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk();
    }

    private Flux<ServerSentEvent<String>> triageStream() {
        return triageStream(headers -> { });
    }

    private Flux<ServerSentEvent<String>> triageStream(Consumer<HttpHeaders> headers) {
        FluxExchangeResult<ServerSentEvent<String>> opened = node.client().get().uri("/api/triage/stream")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .returnResult(SSE);
        headers.accept(opened.getResponseHeaders());
        return opened.getResponseBody();
    }
}
