package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.query.admin.ProjectionRebuilds;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.web.Reads;
import io.aftermath.shared.query.Timeline;
import io.aftermath.shared.query.TimelineDelta;
import io.aftermath.shared.query.TimelineEntry;
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
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    ProjectionRebuilds rebuilds;

    @Test
    void the_triage_stream_sends_a_snapshot_then_updates_and_heartbeats() {
        String release = writes.release(Ids.service("stream"), "1.0");
        String first = writes.report(release, "First problem");

        StepVerifier.create(stream("/api/triage/stream?releaseId=" + release + "&after=" + writes.position()))
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

    /** P1 and unassigned: the outage until someone takes it, then the card problem once it is a P1. */
    @Test
    void a_filtered_triage_stream_shows_only_the_tickets_that_pass_its_filters() {
        String release = writes.release(Ids.service("filtered-stream"), "1.0");
        String outage = writes.report(release, "Nobody can pay");
        writes.prioritise(outage, "S1", "HIGH");
        String odd = writes.report(release, "Something odd");
        String card = writes.report(release, "Card declined");

        StepVerifier.create(stream("/api/triage/stream?releaseId=" + release + "&priority=P1&assignee=&after="
                        + writes.position()).filter(event -> event.comment() == null))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("snapshot");
                    assertThat(items(event)).extracting(TriageItem::ticketId).containsExactly(outage);
                    assertThat(read(event, TriageQueue.class).total()).isEqualTo(1);
                })
                .then(() -> {
                    writes.prioritise(odd, "S3", "LOW");
                    writes.assign(outage, "sam");
                    writes.prioritise(card, "S2", "HIGH");
                })
                .thenConsumeWhile(event -> items(event).stream().noneMatch(item -> item.ticketId().equals(card)),
                        event -> assertThat(items(event)).extracting(TriageItem::ticketId).isSubsetOf(outage))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("update");
                    assertThat(items(event)).extracting(TriageItem::ticketId).containsExactly(card);
                    assertThat(read(event, TriageQueue.class).total()).isEqualTo(1);
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void the_timeline_stream_sends_a_snapshot_then_the_story_as_it_grows() {
        String service = Ids.service("story");
        String release = writes.release(service, "1.0");
        writes.report(release, "It broke");

        StepVerifier.create(stream("/api/releases/" + release + "/timeline/stream?after=" + writes.position()))
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

    /**
     * Tester 27: every update of a long timeline was the whole timeline (105 KB for 350 entries). A subscriber
     * asking for deltas gets only the new entries, and the timeline it rebuilds is the one a read answers.
     */
    @Test
    void a_timeline_subscriber_taking_deltas_gets_the_new_entries_and_rebuilds_the_timeline_a_read_answers() {
        String release = writes.release(Ids.service("deltas"), "1.0");
        String ticket = writes.report(release, "It broke");
        List<TimelineEntry> held = new ArrayList<>();
        List<String> kinds = new ArrayList<>();

        StepVerifier.create(stream("/api/releases/" + release + "/timeline/stream?updates=DELTA&after="
                        + writes.position()).filter(event -> event.comment() == null)
                        .takeUntil(event -> held(event, held, kinds) == 4))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .then(() -> {
                    writes.userUpdate(release, List.of(ticket));
                    writes.resolve(ticket, "FIXED", null);
                })
                .thenConsumeWhile(event -> true)
                .verifyComplete();

        assertThat(kinds).isNotEmpty().containsOnly("delta");
        Timeline read = client.get().uri("/api/releases/" + release + "/timeline?after=" + writes.position())
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectBody(Timeline.class).returnResult().getResponseBody();
        assertThat(held).isEqualTo(read.entries()).extracting(TimelineEntry::kind)
                .containsExactly("DEPLOYED", "FIRST_REPORT", "USER_UPDATE", "RESOLVED");
    }

    /** Applies a timeline stream's event to the entries held; answers how many are held. */
    private int held(ServerSentEvent<String> event, List<TimelineEntry> held, List<String> kinds) {
        if ("snapshot".equals(event.event())) {
            held.addAll(timeline(event).entries());
        } else {
            kinds.add(event.event());
            TimelineDelta delta = read(event, TimelineDelta.class);
            assertThat(delta.entriesBefore()).isLessThanOrEqualTo(held.size());
            held.subList(delta.entriesBefore(), held.size()).clear();
            held.addAll(delta.entries());
        }
        return held.size();
    }

    /**
     * Tester 41: during a rebuild a stream said nothing of it. A replay runs only beside its projection's live
     * processor, so with that processor stopped the rebuild waits and the stream is told it began; started again,
     * the processor's node replays the log, switches, and the stream is told it ended.
     */
    @Test
    void a_timeline_stream_is_told_when_its_projection_starts_and_stops_being_rebuilt() {
        String release = writes.release(Ids.service("rebuilt"), "1.0");
        StreamingEventProcessor processor = processing.eventProcessor(ProjectionNames.TIMELINES,
                StreamingEventProcessor.class).orElseThrow();
        try {
            StepVerifier.create(stream("/api/releases/" + release + "/timeline/stream?after=" + writes.position())
                            .filter(event -> event.comment() == null))
                    .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                    .then(() -> {
                        processor.shutDown();
                        rebuilds.rebuild(ProjectionNames.TIMELINES);
                    })
                    .assertNext(event -> {
                        assertThat(event.event()).isEqualTo("rebuilding");
                        assertThat(event.data()).isEqualTo("{\"rebuilding\":true}");
                    })
                    .then(processor::start)
                    .assertNext(event -> {
                        assertThat(event.event()).isEqualTo("rebuilding");
                        assertThat(event.data()).isEqualTo("{\"rebuilding\":false}");
                    })
                    .thenCancel()
                    .verify(Duration.ofSeconds(60));
        } finally {
            if (!processor.isRunning()) {
                processor.start();
            }
        }
    }

    @Test
    void a_timeline_stream_refuses_updates_it_does_not_know() {
        String release = writes.release(Ids.service("updates"), "1.0");

        client.get().uri("/api/releases/" + release + "/timeline/stream?updates=diff")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("updates"));
    }

    @Test
    void every_snapshot_and_update_carries_the_position_it_reflects_and_the_ids_never_go_back() {
        String release = writes.release(Ids.service("ids"), "1.0");
        writes.report(release, "First problem");
        long first = writes.position();
        List<Long> ids = new ArrayList<>();

        StepVerifier.create(stream("/api/triage/stream?releaseId=" + release + "&after=" + first)
                        .filter(event -> event.comment() == null))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("snapshot");
                    assertThat(id(event)).isGreaterThanOrEqualTo(first);
                    ids.add(id(event));
                })
                .then(() -> writes.report(release, "Second problem"))
                .thenConsumeWhile(event -> id(event) < writes.position(), event -> ids.add(id(event)))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("update");
                    assertThat(items(event)).extracting(TriageItem::title).contains("Second problem");
                    ids.add(id(event));
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
        assertThat(ids).isSorted();
    }

    @Test
    void a_timeline_update_showing_a_write_has_an_id_at_or_past_its_position() {
        String service = Ids.service("timeline-ids");
        String release = writes.release(service, "1.0");
        long registered = writes.position();

        StepVerifier.create(stream("/api/releases/" + release + "/timeline/stream?after=" + registered)
                        .filter(event -> event.comment() == null))
                .assertNext(event -> assertThat(id(event)).isGreaterThanOrEqualTo(registered))
                .then(() -> writes.report(release, "It broke"))
                .thenConsumeWhile(event -> id(event) < writes.position())
                .assertNext(event -> assertThat(timeline(event).metrics().open()).isEqualTo(1))
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    /**
     * Tester 11: the refusal said neither how far the node had read nor, after a wait for {@code after} that
     * timed out, that it was stale, as a read's refusal does.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/releases/nope@0/timeline/stream", "/api/triage/stream?releaseId=nope@9.9"})
    void a_stream_of_an_unknown_release_is_refused_saying_how_far_the_node_had_read(String path) {
        client.get().uri(path)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Aftermath-Read-Position")
                .expectHeader().doesNotExist("X-Aftermath-Stale")
                .expectBody().jsonPath("$.code").isEqualTo("RELEASE_NOT_FOUND");
        client.get().uri(path + (path.contains("?") ? "&" : "?") + "after=999999999")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isNotFound()
                .expectHeader().exists("X-Aftermath-Read-Position")
                .expectHeader().valueEquals("X-Aftermath-Stale", "true");
    }

    /**
     * Tester 159: a release registered while the timelines stood still could not be confirmed in time. Its triage
     * stream opened stale (an empty queue), but was never told once the timelines were current: it kept the mark for
     * its lifetime. Its timeline stream answered 200 with a snapshot of null, stale only in a header EventSource
     * clients cannot read; it is refused stale now, as the timeline's GET is.
     */
    @Test
    void streams_of_a_release_the_timelines_could_not_confirm_in_time_say_so_and_end_once_they_can() {
        StreamingEventProcessor timelines = processing.eventProcessor(ProjectionNames.TIMELINES,
                StreamingEventProcessor.class).orElseThrow();
        timelines.shutdownAsync().join();
        try {
            String release = writes.release(Ids.service("unconfirmed"), "1.0");

            client.get().uri("/api/releases/" + release + "/timeline/stream")
                    .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                    .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().valueEquals("X-Aftermath-Stale", "true")
                    .expectBody().jsonPath("$.code").isEqualTo("RELEASE_NOT_FOUND");
            StepVerifier.create(stream("/api/triage/stream?releaseId=" + release)
                            .filter(event -> event.comment() == null))
                    .assertNext(event -> assertThat(tree(event).get("stale").asBoolean()).isTrue())
                    .then(timelines::start)
                    .thenConsumeWhile(event -> !"reconnect".equals(event.event()))
                    .assertNext(event -> assertThat(event.data()).contains("current again"))
                    .expectComplete()
                    .verify(Duration.ofSeconds(30));
        } finally {
            if (!timelines.isRunning()) {
                timelines.start();
            }
        }
    }

    /** Before, HEAD answered 200 at once: Spring never subscribes to a HEAD's streamed body, where the check was. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/releases/nope@0/timeline/stream", "/api/triage/stream?releaseId=nope@9.9"})
    void a_head_of_a_stream_is_refused_as_its_get_is(String path) {
        client.head().uri(path)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isNotFound()
                .expectHeader().exists("X-Aftermath-Read-Position");
        client.head().uri("/api/triage/stream")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM);
    }

    /**
     * Tester 27: a P1 stream of a release whose last open ticket was resolved got no update (a war room kept
     * showing it), and one opened on a release with no open ticket ended at once with reconnect.
     */
    @Test
    void a_priority_stream_of_a_release_that_empties_says_so_and_one_opened_empty_shows_an_empty_queue() {
        String release = writes.release(Ids.service("emptied"), "1.0");
        String outage = writes.report(release, "Nobody can pay");
        writes.prioritise(outage, "S1", "HIGH");

        StepVerifier.create(stream("/api/triage/stream?releaseId=" + release + "&priority=P1&after="
                        + writes.position()).filter(event -> event.comment() == null))
                .assertNext(event -> assertThat(items(event)).extracting(TriageItem::ticketId).containsExactly(outage))
                .then(() -> writes.resolve(outage, "FIXED", null))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("update");
                    assertThat(read(event, TriageQueue.class).total()).isZero();
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
        StepVerifier.create(stream("/api/triage/stream?releaseId=" + release + "&priority=P1&after="
                        + writes.position()).filter(event -> event.comment() == null))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("snapshot");
                    assertThat(items(event)).isEmpty();
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    /** Tester 27: nginx buffers a proxied answer by default, holding a stream's events back. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/triage/stream", "/api/releases/%s/timeline/stream"})
    void a_stream_asks_proxies_not_to_buffer_it(String path) {
        String release = writes.release(Ids.service("unbuffered"), "1.0");

        FluxExchangeResult<ServerSentEvent<String>> opened = exchange(path.formatted(release), Reads.AFTER,
                Long.toString(writes.position()));

        assertThat(opened.getResponseHeaders().get("X-Accel-Buffering")).containsExactly("no");
        StepVerifier.create(opened.getResponseBody()).expectNextCount(1).thenCancel().verify(Duration.ofSeconds(30));
    }

    @Test
    void a_triage_stream_of_a_release_without_tickets_opened_at_its_registration_shows_an_empty_queue() {
        String release = writes.release(Ids.service("quiet"), "1.0");

        StepVerifier.create(stream("/api/triage/stream?releaseId=" + release + "&after=" + writes.position()))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("snapshot");
                    assertThat(items(event)).isEmpty();
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void a_stream_waits_for_a_position_given_in_the_header_too() {
        String release = writes.release(Ids.service("header"), "1.0");
        String ticket = writes.report(release, "Seen at once");

        StepVerifier.create(stream("/api/triage/stream?releaseId=" + release, "X-Aftermath-After",
                        Long.toString(writes.position())))
                .assertNext(event -> assertThat(items(event)).extracting(TriageItem::ticketId).containsExactly(ticket))
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void a_timeline_stream_holds_its_snapshot_until_the_position_is_reached_or_the_wait_ends_then_says_it_is_stale() {
        String release = writes.release(Ids.service("later"), "1.0");
        long unreached = writes.position() + 1_000_000;
        long began = System.nanoTime();

        FluxExchangeResult<ServerSentEvent<String>> held = exchange(
                "/api/releases/" + release + "/timeline/stream", "Last-Event-ID", Long.toString(unreached));

        assertThat(held.getResponseHeaders().getFirst("X-Aftermath-Stale")).isEqualTo("true");
        StepVerifier.create(held.getResponseBody())
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("snapshot");
                    assertThat(tree(event).get("stale").asBoolean()).isTrue();
                    assertThat(timeline(event).releases()).contains(release);
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
        // The position is never reached, so only the read-your-writes timeout (5 s here) lets it through.
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    /**
     * Tester 155: updates never say a stream is current, so a dashboard whose stream opened stale showed it stale
     * until the stream's end. It now ends once the node has reached the position, and the client's next snapshot is
     * current.
     */
    @Test
    void a_stream_opened_stale_ends_with_reconnect_once_the_node_reaches_its_position() {
        String release = writes.release(Ids.service("catching-up"), "1.0");
        long ahead = writes.position() + 2;

        FluxExchangeResult<ServerSentEvent<String>> stale = exchange("/api/triage/stream?releaseId=" + release,
                "Last-Event-ID", Long.toString(ahead));

        assertThat(stale.getResponseHeaders().getFirst("X-Aftermath-Stale")).isEqualTo("true");
        StepVerifier.create(stale.getResponseBody())
                .assertNext(event -> assertThat(tree(event).get("stale").asBoolean()).isTrue())
                .then(() -> {
                    writes.report(release, "Written after the stale snapshot");
                    writes.report(release, "Reaching the position the stream waited for");
                })
                .thenConsumeWhile(event -> !"reconnect".equals(event.event()))
                .assertNext(event -> assertThat(event.data()).contains("current again"))
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void a_reconnecting_stream_waits_for_its_last_event_id() {
        String release = writes.release(Ids.service("resume"), "1.0");
        String ticket = writes.report(release, "Shown before the reconnect");
        long shown = writes.position();

        FluxExchangeResult<ServerSentEvent<String>> resumed = exchange("/api/triage/stream?releaseId=" + release,
                "Last-Event-ID", Long.toString(shown));

        assertThat(resumed.getResponseHeaders().containsKey("X-Aftermath-Stale")).isFalse();
        StepVerifier.create(resumed.getResponseBody())
                .assertNext(event -> {
                    assertThat(id(event)).isGreaterThanOrEqualTo(shown);
                    assertThat(items(event)).extracting(TriageItem::ticketId).containsExactly(ticket);
                    assertThat(tree(event).has("stale")).isFalse();
                    // Tester 155: only reconnect carried it, so a stream cut without one came back after the default.
                    assertThat(event.retry()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void a_stream_holds_its_snapshot_until_the_last_event_id_is_reached_or_the_wait_ends_then_says_it_is_stale() {
        String release = writes.release(Ids.service("ahead"), "1.0");
        long unreached = writes.position() + 1_000_000;
        long began = System.nanoTime();

        FluxExchangeResult<ServerSentEvent<String>> resumed = exchange(
                "/api/triage/stream?releaseId=" + release + "&after=0", "Last-Event-ID", Long.toString(unreached));

        assertThat(resumed.getResponseHeaders().getFirst("X-Aftermath-Stale")).isEqualTo("true");
        StepVerifier.create(resumed.getResponseBody())
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("snapshot");
                    assertThat(id(event)).as("what the snapshot reflects, not what was asked for")
                            .isLessThan(unreached);
                    assertThat(tree(event).get("stale").asBoolean()).as("said to EventSource clients too").isTrue();
                    assertThat(items(event)).isEmpty();
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
        // The larger of after and Last-Event-ID is never reached, so only the timeout (5 s here) lets it through.
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void a_stream_refuses_a_last_event_id_that_is_not_a_position() {
        client.get().uri("/api/triage/stream")
                .headers(h -> {
                    h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD);
                    h.set("Last-Event-ID", "abc");
                })
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("Last-Event-ID");
    }

    @Test
    void a_stream_refuses_a_position_that_is_not_one() {
        client.get().uri("/api/triage/stream?after=-1")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void a_stream_asked_for_json_is_406_not_acceptable() {
        client.get().uri("/api/triage/stream")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isEqualTo(406)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_ACCEPTABLE");
    }

    private Flux<ServerSentEvent<String>> stream(String path) {
        return client.get().uri(path)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(SSE).getResponseBody();
    }

    private Flux<ServerSentEvent<String>> stream(String path, String header, String value) {
        return exchange(path, header, value).getResponseBody();
    }

    /** The response's headers arrive with its first event, so this returns once the stream's wait is over. */
    private FluxExchangeResult<ServerSentEvent<String>> exchange(String path, String header, String value) {
        return client.get().uri(path)
                .headers(h -> {
                    h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD);
                    h.set(header, value);
                })
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(SSE);
    }

    private JsonNode tree(ServerSentEvent<String> event) {
        try {
            return mapper.readTree(event.data());
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + event.data(), e);
        }
    }

    private static long id(ServerSentEvent<String> event) {
        assertThat(event.id()).as("the id of %s", event.event()).isNotNull();
        return Long.parseLong(event.id());
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
