package io.aftermath.query.live;

import static io.aftermath.query.support.Incidents.assigned;
import static io.aftermath.query.support.Incidents.deployed;
import static io.aftermath.query.support.Incidents.minutes;
import static io.aftermath.query.support.Incidents.prioritised;
import static io.aftermath.query.support.Incidents.reported;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.codec.ServerSentEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.aftermath.query.projection.Generations;
import io.aftermath.query.support.Defaults;
import io.aftermath.query.support.EventLog;
import io.aftermath.query.triage.TriageIndex;
import io.aftermath.query.triage.TriageProjection;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.query.TriageFilter;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.Urgency;

/**
 * Regression (tester 7): a stream showed a deadline as pending long after it passed, until some unrelated
 * change recomputed its queue, while the queue's GET already showed it breached.
 */
class TriageStreamsTest {

    private static final String SHOP = "shop@1.0";

    private final MutableClock clock = new MutableClock(minutes(60));
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final StoreSight store = mock(StoreSight.class);
    private TriageStreams streams;
    private TriageIndex index;
    private TriageProjection projection;
    private final EventLog log = new EventLog();

    @BeforeEach
    void setUp() {
        var database = EmbeddedMongo.freshDatabase();
        Generations generations = new Generations(database);
        index = new TriageIndex(Defaults.properties(), clock, generations);
        projection = new TriageProjection(database, generations, index);
        log.append(deployed(SHOP, 0), reported("a", SHOP, "ann", 0),
                prioritised("a", Severity.S1, Urgency.HIGH, null, 10), reported("b", SHOP, "bea", 1),
                prioritised("b", Severity.S4, Urgency.LOW, null, 10)).applyTo(projection);
        index.reload();
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("clock", clock);
        ObjectProvider<Clock> clocks = beans.getBeanProvider(Clock.class);
        when(store.inSight()).thenReturn(true);
        streams = new TriageStreams(index, mapper, new LiveExecutor() {
            @Override
            public void execute(Runnable command) {
                command.run();
            }
        }, Defaults.properties(), clocks, store);
    }

    /**
     * Regression (tester 7): every change in a stream's release sent its whole queue again, 206 updates of a
     * top 5 that rarely changed, since the instant it was computed at always differs.
     */
    @Test
    void a_change_to_a_ticket_beyond_the_streams_page_sends_nothing_and_one_on_it_sends_an_update() {
        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        streams.subscribe(SHOP, null, TriageFilter.NONE, 1, false, ClientChannel.UNOBSERVED).subscribe(events::add);
        TriageStreams.Key firstOnly = new TriageStreams.Key(SHOP, null, TriageFilter.NONE, 1);

        change(assigned("b", "sam", 20), firstOnly);
        assertThat(events).as("b is second: the page and the total are as they were").hasSize(1);

        change(assigned("a", "sam", 21), firstOnly);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).data()).contains("\"assignee\":\"sam\"");
    }

    private void change(Object event, TriageStreams.Key key) {
        log.append(event).deliver(projection, log.size() - 1);
        index.reload();
        clock.advance(Duration.ofMillis(1));
        streams.hub().recompute(key);
    }

    @Test
    void a_stream_is_updated_when_a_deadline_it_shows_as_pending_passes_and_not_before() throws Exception {
        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        streams.subscribe(SHOP, null, TriageFilter.NONE, 10, false, ClientChannel.UNOBSERVED).subscribe(events::add);
        JsonNode snapshot = mapper.readTree(events.get(0).data()).at("/items/0/resolve");
        assertThat(snapshot.get("breached").asBoolean()).isFalse();
        Instant due = Instant.parse(snapshot.get("dueAt").asText());

        clock.set(due);
        streams.deadlinesPassed();
        assertThat(events).as("not yet after the deadline").hasSize(1);

        clock.advance(Duration.ofMillis(1));
        streams.deadlinesPassed();
        streams.deadlinesPassed();

        assertThat(events).hasSize(2);
        assertThat(events.get(1).event()).isEqualTo("update");
        assertThat(mapper.readTree(events.get(1).data()).at("/items/0/resolve/breached").asBoolean()).isTrue();
    }

    /**
     * Tester 59: a stream asked for just before the node lost sight of its store waited for the live thread's read
     * caught by the outage, and its snapshot, taken out of sight, said nothing of being stale.
     */
    @Test
    void a_snapshot_taken_while_the_store_is_out_of_sight_is_stale_however_it_was_asked_for() {
        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        when(store.inSight()).thenReturn(false);

        streams.subscribe(SHOP, null, TriageFilter.NONE, 10, false, ClientChannel.UNOBSERVED).subscribe(events::add);

        assertThat(events).singleElement().satisfies(snapshot -> assertThat(snapshot.data()).contains("\"stale\":true"));
    }
}
