package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.query.Timeline;
import io.aftermath.shared.query.TriageItem;
import io.aftermath.shared.query.TriageQueue;

import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@QueryHttpTest
class StreamHttpTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient client;
    @Autowired
    ObjectMapper mapper;

    @Autowired
    Writes writes;

    @Test
    void the_triage_stream_sends_a_snapshot_then_updates_and_heartbeats() {
        String release = writes.release(Ids.service("stream"), "1.0");
        String first = writes.report(release, "First problem");
        awaitTriage(release, 1);

        StepVerifier.create(stream("/api/triage/stream?releaseId=" + release))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("snapshot");
                    assertThat(items(event)).extracting(TriageItem::ticketId).containsExactly(first);
                })
                .then(() -> writes.prioritise(writes.report(release, "Second problem"), "S1", "HIGH"))
                .thenConsumeWhile(event -> !"update".equals(event.event()))
                .thenConsumeWhile(event -> !"update".equals(event.event()) || items(event).size() < 2
                        || items(event).get(0).priority() == null)
                .assertNext(event -> assertThat(items(event).get(1).ticketId()).isEqualTo(first))
                .thenConsumeWhile(event -> event.comment() == null)
                .assertNext(event -> assertThat(event.comment()).isEqualTo("heartbeat"))
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void the_timeline_stream_sends_a_snapshot_then_the_story_as_it_grows() {
        String service = Ids.service("story");
        String release = writes.release(service, "1.0");
        writes.report(release, "It broke");

        StepVerifier.create(stream("/api/releases/" + release + "/timeline/stream"))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .then(() -> writes.release(service, "1.0.1", release))
                .thenConsumeWhile(event -> !"update".equals(event.event())
                        || !timeline(event).releases().contains(service + "@1.0.1"))
                .then(() -> writes.userUpdate(release, java.util.List.of()))
                .thenConsumeWhile(event -> !"update".equals(event.event()) || timeline(event).metrics().userUpdates() == 0)
                .assertNext(event -> assertThat(timeline(event).entries()).extracting("kind").contains("USER_UPDATE"))
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void a_stream_of_an_unknown_release_is_refused() {
        client.get().uri("/api/releases/nope@0/timeline/stream")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isNotFound();
    }

    private Flux<ServerSentEvent<String>> stream(String path) {
        return client.get().uri(path)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(SSE).getResponseBody();
    }

    private void awaitTriage(String release, int size) {
        client.get().uri("/api/triage?releaseId=" + release + "&after=" + writes.position())
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectBody(TriageQueue.class)
                .value(queue -> assertThat(queue.items()).hasSize(size));
    }

    private java.util.List<TriageItem> items(ServerSentEvent<String> event) {
        return read(event, TriageQueue.class).items();
    }

    private Timeline timeline(ServerSentEvent<String> event) {
        return read(event, Timeline.class);
    }

    private <T> T read(ServerSentEvent<String> event, Class<T> type) {
        try {
            return mapper.readValue(event.data(), type);
        } catch (Exception e) {
            throw new AssertionError("Not a " + type.getSimpleName() + ": " + event.data(), e);
        }
    }
}
