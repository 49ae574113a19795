package io.aftermath.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

import com.fasterxml.jackson.databind.ObjectMapper;

import reactor.test.StepVerifier;

class StreamHubTest {

    private static final Executor SAME_THREAD = Runnable::run;

    private final AtomicInteger version = new AtomicInteger();
    private final AtomicInteger computed = new AtomicInteger();
    private final AtomicLong position = new AtomicLong(10);
    /** How far the projection moves on while a result is being computed. */
    private final AtomicLong drift = new AtomicLong();
    private final StreamHub<String> hub = new StreamHub<>(key -> {
        computed.incrementAndGet();
        position.addAndGet(drift.get());
        if (key.equals("unreadable")) {
            throw new IllegalStateException("the store is out of sight");
        }
        return key + "-" + version.get();
    }, Function.identity(), StreamHub.Delta.NONE, position::get, () -> false, new ObjectMapper(), SAME_THREAD, 4,
            Long.MAX_VALUE);

    @Test
    void a_subscriber_gets_a_snapshot_then_every_change_as_an_update() {
        StepVerifier.create(hub.subscribe("queue", false, ClientChannel.UNOBSERVED))
                .assertNext(event -> assertEvent(event, "snapshot", "\"queue-0\""))
                .then(this::change)
                .assertNext(event -> assertEvent(event, "update", "\"queue-1\""))
                .then(() -> hub.recompute("queue"))
                .then(this::change)
                .assertNext(event -> assertEvent(event, "update", "\"queue-2\""))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(hub.subscribers()).isZero();
    }

    @Test
    void a_slow_subscriber_gets_reconnect_and_is_dropped_while_others_keep_receiving() {
        List<ServerSentEvent<String>> fast = new CopyOnWriteArrayList<>();
        hub.subscribe("queue", false, ClientChannel.UNOBSERVED).subscribe(fast::add);

        StepVerifier.create(hub.subscribe("queue", false, ClientChannel.UNOBSERVED), 1)
                .assertNext(event -> assertEvent(event, "snapshot", "\"queue-0\""))
                .then(() -> {
                    for (int i = 0; i < 10; i++) {
                        change();
                    }
                })
                .then(() -> assertThat(hub.subscribers()).isEqualTo(1))
                .thenRequest(100)
                .assertNext(event -> assertThat(event.event()).isEqualTo("reconnect"))
                .verifyComplete();

        change();
        assertThat(fast).hasSize(12);
        assertThat(fast.get(11).data()).isEqualTo("\"queue-11\"");
        assertThat(hub.dropped()).isEqualTo(1);
    }

    /**
     * Regression: the server asks for more as soon as an event is handed to the connection, so a client that
     * stopped reading was never counted behind, and every update was buffered for it on the node.
     */
    @Test
    void updates_wait_while_the_client_is_not_reading_and_go_out_in_order_when_it_catches_up() {
        Client client = new Client();
        List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        hub.subscribe("queue", false, client).subscribe(received::add);

        client.reading = false;
        change();
        change();
        assertThat(received).extracting(ServerSentEvent::event).containsExactly("snapshot");

        client.catchUp();
        assertThat(received).extracting(ServerSentEvent::data).containsExactly("\"queue-0\"", "\"queue-1\"",
                "\"queue-2\"");
        assertThat(client.dropped).isFalse();
    }

    @Test
    void a_client_that_stops_reading_is_disconnected_a_buffer_behind_while_others_keep_receiving() {
        List<ServerSentEvent<String>> fast = new CopyOnWriteArrayList<>();
        hub.subscribe("queue", false, ClientChannel.UNOBSERVED).subscribe(fast::add);
        Client stalled = new Client();
        List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        AtomicInteger completed = new AtomicInteger();
        hub.subscribe("queue", false, stalled).subscribe(received::add, error -> { }, completed::incrementAndGet);

        stalled.reading = false;
        for (int i = 0; i < 5; i++) {
            change();
        }

        assertThat(stalled.dropped).as("a reconnect it cannot read would wait forever: closed instead").isTrue();
        assertThat(completed).hasValue(1);
        assertThat(received).extracting(ServerSentEvent::event).containsExactly("snapshot");
        assertThat(hub.dropped()).isEqualTo(1);
        assertThat(hub.subscribers()).isEqualTo(1);
        assertThat(fast).hasSize(6);
    }

    /**
     * Tester 41: 256 whole timelines of 3 MB each were held for one client that had stopped reading, 2 GB of
     * heap. The queue is bounded by its characters too; an update larger than that alone still goes to a
     * client that keeps up.
     */
    @Test
    void a_client_that_stops_reading_is_disconnected_once_its_queue_holds_too_many_characters() {
        String large = "x".repeat(100);
        StreamHub<String> weighed = new StreamHub<>(key -> key.equals("large") ? large : key + "-" + version.get(),
                Function.identity(), StreamHub.Delta.NONE, position::get, () -> false, new ObjectMapper(), SAME_THREAD,
                256, 40);
        List<ServerSentEvent<String>> large1 = new CopyOnWriteArrayList<>();
        weighed.subscribe("large", false, ClientChannel.UNOBSERVED).subscribe(large1::add);
        Client stalled = new Client();
        weighed.subscribe("queue", false, stalled).subscribe();

        stalled.reading = false;
        for (int i = 0; i < 4; i++) {
            version.incrementAndGet();
            position.incrementAndGet();
            weighed.recompute("queue");
        }
        assertThat(stalled.dropped).as("four updates of 9 characters: 36").isFalse();
        version.incrementAndGet();
        position.incrementAndGet();
        weighed.recompute("queue");

        assertThat(stalled.dropped).as("a fifth: 45 characters, over 40").isTrue();
        assertThat(weighed.dropped()).isEqualTo(1);
        assertThat(large1).extracting(ServerSentEvent::data).containsExactly("\"" + large + "\"");
    }

    private static final class Client implements ClientChannel {
        volatile boolean reading = true;
        volatile boolean dropped;
        private Runnable resume;

        @Override
        public boolean keepsUp() {
            return reading;
        }

        @Override
        public void onCaughtUp(Runnable resume) {
            this.resume = resume;
        }

        @Override
        public void drop() {
            dropped = true;
        }

        void catchUp() {
            reading = true;
            resume.run();
        }
    }

    @Test
    void closing_sends_reconnect_to_every_subscriber_ends_its_stream_and_refuses_later_ones() {
        StepVerifier.create(hub.subscribe("queue", false, ClientChannel.UNOBSERVED))
                .assertNext(event -> assertEvent(event, "snapshot", "\"queue-0\""))
                .then(hub::close)
                .assertNext(event -> assertEvent(event, "reconnect", "{\"reason\":\"node shutting down\"}"))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(hub.subscribers()).isZero();

        StepVerifier.create(hub.subscribe("queue", false, ClientChannel.UNOBSERVED))
                .assertNext(event -> assertThat(event.event()).isEqualTo("reconnect"))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    /**
     * The live thread may be stuck in a read from a store that hangs: closing waited for it (5 s), and
     * graceful shutdown then waited for the streams until its phase ended.
     */
    @Test
    void closing_ends_every_stream_while_the_live_thread_is_stuck() {
        List<Runnable> stuck = new CopyOnWriteArrayList<>();
        AtomicInteger liveTasks = new AtomicInteger();
        Executor firstTwoThenStuck = task -> {
            if (liveTasks.incrementAndGet() <= 2) {
                task.run();
            } else {
                stuck.add(task);
            }
        };
        StreamHub<String> stuckHub = new StreamHub<>(key -> key + "-0", Function.identity(), StreamHub.Delta.NONE,
                position::get, () -> false, new ObjectMapper(), firstTwoThenStuck, 4, Long.MAX_VALUE);
        List<ServerSentEvent<String>> first = new CopyOnWriteArrayList<>();
        stuckHub.subscribe("queue", false, ClientChannel.UNOBSERVED).subscribe(first::add);

        StepVerifier.create(stuckHub.subscribe("timeline", false, ClientChannel.UNOBSERVED))
                .assertNext(event -> assertEvent(event, "snapshot", "\"timeline-0\""))
                .then(stuckHub::close)
                .assertNext(event -> assertEvent(event, "reconnect", "{\"reason\":\"node shutting down\"}"))
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        assertThat(first).extracting(ServerSentEvent::event).containsExactly("snapshot", "reconnect");
        assertThat(stuck).isNotEmpty();
    }

    @Test
    void heartbeats_are_comments_sent_only_when_the_client_waits_for_something() {
        StepVerifier.create(hub.subscribe("queue", false, ClientChannel.UNOBSERVED), 1)
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .then(hub::heartbeat)
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(1)
                .then(hub::heartbeat)
                .assertNext(event -> assertThat(event.comment()).isEqualTo("heartbeat"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void an_unchanged_result_is_not_pushed_again() {
        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        hub.subscribe("queue", false, ClientChannel.UNOBSERVED).subscribe(events::add);

        hub.recompute("queue");
        hub.recompute("queue");

        assertThat(events).hasSize(1);
    }

    @Test
    void every_snapshot_and_update_carries_the_position_read_before_its_result_was_computed() {
        drift.set(5);
        StepVerifier.create(hub.subscribe("queue", false, ClientChannel.UNOBSERVED))
                .assertNext(event -> assertThat(event.id()).isEqualTo("10"))
                .then(this::change)
                .assertNext(event -> assertThat(event.id()).isEqualTo("15"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void an_id_never_goes_back_when_progress_reads_lower_for_a_moment() {
        StepVerifier.create(hub.subscribe("queue", false, ClientChannel.UNOBSERVED))
                .assertNext(event -> assertThat(event.id()).isEqualTo("10"))
                .then(() -> position.set(7))
                .then(this::change)
                .assertNext(event -> assertThat(event.id()).isEqualTo("10"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void a_later_subscriber_gets_the_shared_result_while_the_position_stands_and_a_fresh_one_once_it_moved() {
        hub.subscribe("queue", false, ClientChannel.UNOBSERVED).subscribe();
        StepVerifier.create(hub.subscribe("queue", false, ClientChannel.UNOBSERVED))
                .assertNext(event -> assertThat(event.id()).isEqualTo("10"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(computed).hasValue(1);

        position.set(11);
        StepVerifier.create(hub.subscribe("queue", false, ClientChannel.UNOBSERVED))
                .assertNext(event -> assertThat(event.id()).isEqualTo("11"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(computed).hasValue(2);
    }

    @Test
    void a_subscriber_whose_snapshot_cannot_be_read_gets_reconnect_and_its_stream_ends() {
        StepVerifier.create(hub.subscribe("unreadable", false, ClientChannel.UNOBSERVED))
                .assertNext(event -> assertEvent(event, "reconnect", "{\"reason\":\"the snapshot could not be read\"}"))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(hub.subscribers()).isZero();
    }

    /**
     * Tester 41: a rebuild held every stream still for its duration (its results stand where it began) and
     * said nothing, so a dashboard showed a quiet release. Subscribers are told when it starts and stops,
     * those arriving meanwhile by their snapshot, and the rebuilt model is pushed as it stops.
     */
    @Test
    void subscribers_are_told_when_the_read_model_starts_and_stops_being_rebuilt() {
        StreamHub<String> objects = new StreamHub<>(key -> Map.of("queue", version.get()),
                Function.identity(), StreamHub.Delta.NONE, position::get, () -> false, new ObjectMapper(), SAME_THREAD,
                16, Long.MAX_VALUE);
        List<ServerSentEvent<String>> before = new CopyOnWriteArrayList<>();
        objects.subscribe("queue", false, ClientChannel.UNOBSERVED).subscribe(before::add);

        objects.rebuilding(true);
        objects.rebuilding(true);
        List<ServerSentEvent<String>> during = new CopyOnWriteArrayList<>();
        objects.subscribe("queue", false, ClientChannel.UNOBSERVED).subscribe(during::add);
        version.incrementAndGet();
        objects.rebuilding(false);

        assertThat(before).extracting(ServerSentEvent::event)
                .containsExactly("snapshot", "rebuilding", "rebuilding", "update");
        assertThat(before).extracting(ServerSentEvent::data).containsExactly("{\"queue\":0}",
                "{\"rebuilding\":true}", "{\"rebuilding\":false}", "{\"queue\":1}");
        assertThat(during).extracting(ServerSentEvent::data).containsExactly("{\"queue\":0,\"rebuilding\":true}",
                "{\"rebuilding\":false}", "{\"queue\":1}");
        assertThat(before.get(1).id()).isEqualTo("10");
    }

    private void change() {
        version.incrementAndGet();
        hub.recompute("queue");
    }

    private static void assertEvent(ServerSentEvent<String> event, String name, String data) {
        assertThat(event.event()).isEqualTo(name);
        assertThat(event.data()).isEqualTo(data);
    }
}
