package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.TestUsers;

import reactor.test.StepVerifier;

/**
 * A stream opened with Basic credentials ends after {@code aftermath.query.stream.max-lifetime} with a
 * {@code reconnect} event. Before, it stayed open until the node stopped: its credentials were never checked again,
 * and it never moved to a query node added since.
 */
class StreamLifetimeHttpTest {

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

    @Test
    void a_stream_opened_with_basic_credentials_ends_after_its_lifetime_with_a_reconnect_event() {
        node = AppNode.start(dir, AppNode.arguments("--aftermath.query.stream.max-lifetime=2s"));

        StepVerifier.create(node.client().get().uri("/api/triage/stream")
                        .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                        .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                        .expectStatus().isOk()
                        .returnResult(SSE).getResponseBody())
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .thenConsumeWhile(event -> !"reconnect".equals(event.event()))
                .assertNext(event -> {
                    assertThat(event.data()).contains("longest lifetime");
                    assertThat(event.retry()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }
}
