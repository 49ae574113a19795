package io.aftermath.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Subscribers taking deltas beside subscribers taking whole results, on one group. */
class StreamHubDeltaTest {

    private static final Executor SAME_THREAD = Runnable::run;

    private final List<String> story = new ArrayList<>(List.of("deployed"));
    private final StreamHub<String> hub = new StreamHub<>(key -> List.copyOf(story), Function.identity(),
            StreamHubDeltaTest::added, () -> story.size(), () -> false, new ObjectMapper(), SAME_THREAD, 16,
            Long.MAX_VALUE);

    @Test
    void a_change_that_only_adds_goes_as_a_delta_to_those_taking_deltas_and_whole_to_the_others() {
        List<ServerSentEvent<String>> deltas = subscribe(true);
        List<ServerSentEvent<String>> whole = subscribe(false);

        story.add("reported");
        hub.recompute("release");

        assertThat(deltas).extracting(ServerSentEvent::event).containsExactly("snapshot", "delta");
        assertThat(deltas.get(1).data()).isEqualTo("[\"reported\"]");
        assertThat(whole).extracting(ServerSentEvent::event).containsExactly("snapshot", "update");
        assertThat(whole.get(1).data()).isEqualTo("[\"deployed\",\"reported\"]");
        assertThat(deltas.get(1).id()).isEqualTo(whole.get(1).id());
    }

    /** A rebuilt read model may hold less, or other, than the result before: only the whole result says so. */
    @Test
    void a_change_that_is_no_addition_goes_whole_to_everyone() {
        List<ServerSentEvent<String>> deltas = subscribe(true);

        story.set(0, "redeployed");
        hub.recompute("release");

        assertThat(deltas).extracting(ServerSentEvent::event).containsExactly("snapshot", "update");
        assertThat(deltas.get(1).data()).isEqualTo("[\"redeployed\"]");
    }

    @Test
    void a_subscriber_joining_later_gets_the_whole_result_as_its_snapshot_then_deltas() {
        subscribe(true);
        story.add("reported");
        hub.recompute("release");

        List<ServerSentEvent<String>> later = subscribe(true);
        story.add("resolved");
        hub.recompute("release");

        assertThat(later).extracting(ServerSentEvent::data)
                .containsExactly("[\"deployed\",\"reported\"]", "[\"resolved\"]");
    }

    private List<ServerSentEvent<String>> subscribe(boolean deltas) {
        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        hub.subscribe("release", false, ClientChannel.UNOBSERVED, deltas).subscribe(events::add);
        return events;
    }

    private static Object added(Object before, Object after) {
        List<?> held = (List<?>) before;
        List<?> now = (List<?>) after;
        return now.size() >= held.size() && now.subList(0, held.size()).equals(held)
                ? now.subList(held.size(), now.size()) : null;
    }
}
