package io.aftermath.query.admin;

import static io.aftermath.query.support.Incidents.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;

import java.time.Duration;
import java.util.List;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.BatchGates;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.search.IndexTokenStore;
import io.aftermath.query.search.SearchBatches;
import io.aftermath.query.search.SearchEventSource;
import io.aftermath.query.search.SearchIndex;
import io.aftermath.query.search.SearchProjection;
import io.aftermath.query.support.EventLog;
import io.aftermath.shared.infrastructure.NodeStop;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.SearchPostmortems;
import io.aftermath.shared.testing.EmbeddedMongo;

/**
 * The search index is rebuilt as the shared projections are: the log is replayed into a new generation while the
 * processor keeps the one searched current, and the switch holds the processor between two batches. Before, the
 * processor was stopped inside the request (10–50 s under load, tester 90) and searches froze where it began.
 * Here the processor is played by the test, through the event source and token store it uses.
 */
class SearchRebuildReplaysTest {

    private static final String SEARCH = ProjectionNames.SEARCH;
    private static final int LIVE = 1_500;
    private static final int LOG = 1_600;

    private final ProjectionProgress progress = mock(ProjectionProgress.class);
    private final TrackingEventProcessor processor = mock(TrackingEventProcessor.class);
    private final EventStore eventStore = mock(EventStore.class);
    private final BatchGates gates = spy(new BatchGates());
    private final SearchBatches batches = new SearchBatches(gates);
    private final EventLog log = new EventLog();
    private final SearchIndex index = SearchIndex.inMemory();
    private final SearchProjection projection = new SearchProjection(index);
    private RebuildReplays replays;

    @BeforeEach
    void processorHere() {
        for (int i = 0; i < LOG; i++) {
            log.append(lesson("r1", "l" + i, "Lesson " + i, "The pool ran dry", List.of(), List.of(), i));
        }
        RebuildReplaysTest.runningHere(SEARCH, projection, log, processor, progress, eventStore);
        replays = new RebuildReplays(progress, new Generations(EmbeddedMongo.freshDatabase()), eventStore, gates,
                new ReplayTurns(1), new NodeStop(), index::committed, Duration.ofSeconds(10));
        processLive(0, LIVE);
    }

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void searches_stay_current_while_the_new_index_is_replayed_and_it_is_served_from_where_the_processor_stood()
            throws Exception {
        doAnswer(call -> {
            processLive(LIVE, LOG);
            return call.callRealMethod();
        }).when(gates).close(any(), anyLong());
        assertThat(index.beginRebuild()).isTrue();
        processLive(LIVE, LIVE + 1);
        assertThat(found("Lesson " + LIVE)).as("written once the rebuild began").containsExactly("l" + LIVE);

        replays.startSearch(index);

        await().atMost(Duration.ofSeconds(60)).until(() -> !index.servingOldGeneration() && !replays.replaying(SEARCH));
        assertThat(index.generation()).isEqualTo(1);
        assertThat(index.committed()).isEqualTo(LOG);
        assertThat(found("Lesson " + (LOG - 1))).containsExactly("l" + (LOG - 1));
        assertThat(total("pool")).isEqualTo(LOG);
    }

    /** A batch the processor begins while the switch holds it waits at its first event, then goes to the new index. */
    @Test
    void a_batch_begun_while_the_switch_holds_the_processor_goes_to_the_new_index() throws Exception {
        Thread batch = new Thread(() -> processLive(LIVE, LOG));
        doAnswer(call -> {
            Object closed = call.callRealMethod();
            batch.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> batch.getState() == Thread.State.WAITING);
            return closed;
        }).when(gates).close(any(), anyLong());
        assertThat(index.beginRebuild()).isTrue();

        replays.startSearch(index);

        await().atMost(Duration.ofSeconds(60)).until(() -> !index.servingOldGeneration() && !replays.replaying(SEARCH));
        batch.join(5_000);
        assertThat(index.generation()).isEqualTo(1);
        assertThat(index.committed()).isEqualTo(LOG);
        assertThat(total("pool")).isEqualTo(LOG);
    }

    @Test
    void a_second_rebuild_is_refused_while_one_runs() {
        assertThat(index.beginRebuild()).isTrue();

        assertThat(index.beginRebuild()).isFalse();
    }

    /** As the processor does: takes the events from the log through its source, handles them and commits once. */
    private void processLive(int from, int to) {
        try (BlockingStream<TrackedEventMessage<?>> events = new SearchEventSource(
                token -> RebuildReplaysTest.streamFrom(log.tracked(), token), index, batches)
                .openStream(from == 0 ? null : log.tracked().get(from - 1).trackingToken())) {
            SimpleEventHandlerInvoker handlers = SimpleEventHandlerInvoker.builder().eventHandlers(projection).build();
            TrackedEventMessage<?> last = null;
            for (int i = from; i < to; i++) {
                last = events.nextAvailable();
                handlers.handle(last, Segment.ROOT_SEGMENT);
            }
            new IndexTokenStore(index, batches).storeToken(last.trackingToken(), SEARCH, 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> found(String q) {
        return projection.handle(new SearchPostmortems("\"" + q + "\"", null, null, null, null, null, 10)).hits()
                .stream().map(PostmortemHit::id).toList();
    }

    private long total(String q) {
        return projection.handle(new SearchPostmortems(q, null, null, null, null, null, 1)).total();
    }
}
