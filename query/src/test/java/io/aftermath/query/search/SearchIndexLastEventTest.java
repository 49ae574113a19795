package io.aftermath.query.search;

import static io.aftermath.query.support.Incidents.lesson;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.query.projection.BatchGates;
import io.aftermath.query.support.EventLog;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.SearchPostmortems;

/**
 * Regression: an older backup restored under an index, then written past the index's position, is the same
 * store and within its head, so the index served on, showing events the log no longer held and skipping
 * those written since below its position. Each commit now names the event its position ends at.
 */
class SearchIndexLastEventTest {

    private static final String STORE = "store-1";

    @TempDir
    Path base;

    private final EventLog original = new EventLog().append(
            lesson("checkout@1.0", "ocelot", "Ocelot cache stampede", "The cache expired", List.of(), List.of(), 1),
            lesson("checkout@1.1", "lynx", "Lynx queue backlog", "The queue filled", List.of(), List.of(), 2),
            lesson("checkout@1.2", "caracal", "Caracal disk full", "The disk filled", List.of(), List.of(), 3));

    @Test
    void an_index_ending_at_an_event_the_log_does_not_hold_there_is_started_afresh() {
        indexed(original);
        EventLog restored = original.upTo(1).append(
                lesson("billing@3.0", "pangolin", "Pangolin certificate expiry", "The certificate expired",
                        List.of(), List.of(), 1),
                lesson("billing@3.1", "quokka", "Quokka DNS outage", "The resolver failed", List.of(), List.of(), 2),
                lesson("billing@3.2", "wombat", "Wombat disk full", "The disk filled", List.of(), List.of(), 3));

        try (SearchIndex index = new SearchIndex(base, STORE, restored.head(), restored::eventIdAt)) {
            assertThat(index.committed()).isZero();
            assertThat(index.rebuilding()).isTrue();

            SearchProjection projection = new SearchProjection(index);
            restored.applyTo(projection);
            index.commit(restored.head());

            assertThat(search(projection, "ocelot OR lynx OR caracal OR pangolin OR quokka OR wombat"))
                    .containsExactlyInAnyOrder("ocelot", "pangolin", "quokka", "wombat");
        }
    }

    @Test
    void an_index_of_the_log_it_ends_in_serves_on_as_the_log_grows() {
        indexed(original);
        original.append(lesson("checkout@1.3", "serval", "Serval DNS outage", "The resolver failed", List.of(),
                List.of(), 4));

        try (SearchIndex index = new SearchIndex(base, STORE, original.head(), original::eventIdAt)) {
            assertThat(index.committed()).isEqualTo(3);
            assertThat(index.rebuilding()).isFalse();
        }
    }

    /** The version before this one recorded the store but not the event; nothing tells its index from a stale one. */
    @Test
    void an_index_that_names_no_event_it_ends_at_is_started_afresh() throws IOException {
        indexed(original);
        commitWithoutLastEvent();

        try (SearchIndex index = new SearchIndex(base, STORE, original.head(), original::eventIdAt)) {
            assertThat(index.committed()).isZero();
            assertThat(index.rebuilding()).isTrue();
        }
    }

    /**
     * The processor's last event before a commit is mostly one no handler wanted (a ticket's); the index
     * learns it as the processor reads, without asking the log.
     */
    @Test
    void a_commit_names_the_last_event_the_processor_took_whether_or_not_it_was_handled()
            throws InterruptedException {
        EmbeddedEventStore log = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        try {
            EventMessage<?> lesson = GenericEventMessage.asEventMessage(original.event(0));
            EventMessage<?> unhandled = GenericEventMessage.asEventMessage("a ticket's event");
            log.publish(lesson, unhandled);
            try (SearchIndex index = new SearchIndex(base, STORE, 2, position -> {
                throw new AssertionError("asked the log for position " + position);
            })) {
                BlockingStream<TrackedEventMessage<?>> read = new SearchEventSource(log, index, new SearchBatches(new BatchGates())).openStream(null);
                read.nextAvailable();
                read.nextAvailable();
                index.commit(2);
            }

            Map<Long, String> held = Map.of(0L, lesson.getIdentifier(), 1L, unhandled.getIdentifier());
            try (SearchIndex reopened = new SearchIndex(base, STORE, 2,
                    position -> Optional.ofNullable(held.get(position)))) {
                assertThat(reopened.committed()).isEqualTo(2);
            }
        } finally {
            log.shutDown();
        }
    }

    private void indexed(EventLog log) {
        try (SearchIndex index = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            log.applyTo(new SearchProjection(index));
            index.commit(log.head());
        }
    }

    private void commitWithoutLastEvent() throws IOException {
        try (Directory directory = FSDirectory.open(base.resolve("g0"));
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
            Map<String, String> commitData = new HashMap<>();
            writer.getLiveCommitData().forEach(entry -> commitData.put(entry.getKey(), entry.getValue()));
            assertThat(commitData.remove(IndexCommit.LAST_EVENT)).isNotNull();
            writer.setLiveCommitData(commitData.entrySet());
            writer.commit();
        }
    }

    private static List<String> search(SearchProjection projection, String q) {
        return projection.handle(new SearchPostmortems(q, null, null, null, null, null, 10)).hits().stream()
                .map(PostmortemHit::id).toList();
    }
}
