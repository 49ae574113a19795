package io.aftermath.query.search;

import static io.aftermath.query.support.Incidents.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.query.projection.BatchGates;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.support.EventLog;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.SearchPostmortems;

/**
 * While events flow the processor commits the index at most once per commit interval: a batch that ends sooner
 * is searchable only once a later commit takes it, which the processor makes at a later batch's end, while it waits
 * for events, as it stops or as it starts again; never while a rebuild's switch holds it. Those commits reach the
 * disk at most once per sync interval, and a crash goes on from the last that did.
 */
class SearchCommitIntervalTest {

    private static final String PROCESSOR = ProjectionNames.SEARCH;

    private final EventLog lessons = new EventLog().append(
            lesson("checkout@1.0", "ocelot", "Ocelot cache stampede", "The cache expired", List.of(), List.of(), 1),
            lesson("checkout@1.1", "lynx", "Lynx queue backlog", "The queue filled", List.of(), List.of(), 2),
            lesson("checkout@1.2", "caracal", "Caracal disk full", "The disk filled", List.of(), List.of(), 3));
    private final EmbeddedEventStore log =
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final ExecutorService waiting = Executors.newSingleThreadExecutor();
    private final BatchGates gates = new BatchGates();
    private final SearchBatches batches = new SearchBatches(gates);
    @TempDir
    Path temporary;
    private Path data;

    @BeforeEach
    void dataDirectory() {
        data = temporary.resolve("search-index");
    }

    @AfterEach
    void shutDown() {
        waiting.shutdownNow();
        log.shutDown();
    }

    @Test
    void a_batch_ending_within_the_interval_of_the_last_commit_is_searchable_only_once_a_commit_takes_it() {
        try (SearchIndex index = index(Duration.ofHours(1))) {
            SearchProjection projection = new SearchProjection(index);
            IndexTokenStore tokens = new IndexTokenStore(index, batches);

            lessons.applyTo(projection, 0, 1);
            tokens.storeToken(new GlobalSequenceTrackingToken(0), PROCESSOR, 0);
            assertThat(index.committed()).as("the first batch after a quiet interval commits at once").isEqualTo(1);
            assertThat(search(projection, "ocelot OR lynx")).containsExactly("ocelot");

            lessons.applyTo(projection, 1, 2);
            tokens.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0);
            assertThat(index.committed()).isEqualTo(1);
            assertThat(index.processed()).isEqualTo(2);
            assertThat(index.commitDueInMillis()).isPositive();
            assertThat(search(projection, "ocelot OR lynx")).containsExactly("ocelot");

            tokens.extendClaim(PROCESSOR, 0);
            assertThat(index.committed()).as("Axon extends the claim at a batch's first event").isEqualTo(1);

            index.commitReached(false);
            assertThat(index.committed()).isEqualTo(2);
            assertThat(index.commitDueInMillis()).isEqualTo(-1);
            assertThat(search(projection, "ocelot OR lynx")).containsExactlyInAnyOrder("ocelot", "lynx");
        }
    }

    @Test
    void with_no_interval_every_batch_commits() {
        try (SearchIndex index = index(Duration.ZERO)) {
            SearchProjection projection = new SearchProjection(index);
            IndexTokenStore tokens = new IndexTokenStore(index, batches);
            for (int position = 0; position < 3; position++) {
                lessons.applyTo(projection, position, position + 1);
                tokens.storeToken(new GlobalSequenceTrackingToken(position), PROCESSOR, 0);
                assertThat(index.committed()).isEqualTo(position + 1);
            }
        }
    }

    @Test
    void the_processor_waiting_for_events_commits_what_waits_once_due() throws Exception {
        try (SearchIndex index = index(Duration.ofSeconds(1))) {
            BlockingStream<TrackedEventMessage<?>> read = processedTwo(index);

            Future<Boolean> next = waiting.submit(() -> read.hasNextAvailable(30, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(5)).until(() -> index.committed() == 2);
            assertThat(next).as("the commit came while the processor waited, not at the wait's end").isNotDone();

            log.publish(GenericEventMessage.asEventMessage(lessons.event(2)));
            assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void a_commit_that_waits_is_not_made_while_a_switch_holds_the_processor() throws Exception {
        try (SearchIndex index = index(Duration.ofSeconds(1))) {
            BlockingStream<TrackedEventMessage<?>> read = processedTwo(index);
            assertThat(gates.close(PROCESSOR, 1_000)).isTrue();

            Future<Boolean> next = waiting.submit(() -> read.hasNextAvailable(30, TimeUnit.SECONDS));
            await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> index.committed() == 1);

            gates.open(PROCESSOR);
            await().atMost(Duration.ofSeconds(5)).until(() -> index.committed() == 2);
            assertThat(next).isNotDone();
        }
    }

    @Test
    void a_commit_that_waits_is_made_as_the_processor_stops_and_before_it_starts_again() {
        try (SearchIndex index = index(Duration.ofHours(1))) {
            processedTwo(index);
            IndexTokenStore tokens = new IndexTokenStore(index, batches);

            tokens.releaseClaim(PROCESSOR, 0);
            assertThat(index.committed()).isEqualTo(2);

            SearchProjection projection = new SearchProjection(index);
            lessons.applyTo(projection, 2, 3);
            tokens.storeToken(new GlobalSequenceTrackingToken(2), PROCESSOR, 0);
            assertThat(index.committed()).isEqualTo(2);
            assertThat(tokens.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(2));
            assertThat(index.committed()).isEqualTo(3);
        }
    }

    @Test
    void commits_between_syncs_are_searchable_and_a_crash_goes_on_from_the_last_sync() throws IOException {
        try (SearchIndex index = onDisk(Duration.ZERO, Duration.ofHours(1))) {
            SearchProjection projection = new SearchProjection(index);
            IndexTokenStore tokens = new IndexTokenStore(index, batches);
            for (int position = 0; position < 3; position++) {
                lessons.applyTo(projection, position, position + 1);
                tokens.storeToken(new GlobalSequenceTrackingToken(position), PROCESSOR, 0);
            }
            assertThat(index.committed()).isEqualTo(3);
            assertThat(search(projection, "ocelot OR lynx OR caracal")).hasSize(3);
            assertThat(onDiskPosition(data)).as("the first commit after a quiet interval syncs at once").isEqualTo(1);
            assertThat(index.commitDueInMillis()).isPositive();

            Path crashed = copyOf(data);
            try (SearchIndex restarted = new SearchIndex(crashed, "store-1", 3, lessons::eventIdAt)) {
                assertThat(restarted.committed()).as("where the processor goes on after a crash").isEqualTo(1);
                assertThat(search(new SearchProjection(restarted), "ocelot OR lynx OR caracal"))
                        .containsExactly("ocelot");
            }

            tokens.releaseClaim(PROCESSOR, 0);
            assertThat(onDiskPosition(data)).as("a stop syncs").isEqualTo(3);
            assertThat(index.commitDueInMillis()).isEqualTo(-1);
        }
    }

    @Test
    void an_index_in_memory_syncs_every_commit() {
        try (SearchIndex index = new SearchIndex(null, Duration.ZERO, Duration.ofHours(1), "store-1", 0,
                lessons::eventIdAt)) {
            readTwo(index);
            assertThat(index.committed()).isEqualTo(2);
            assertThat(index.commitDueInMillis()).as("nothing waits to be synced").isEqualTo(-1);
        }
    }

    @Test
    void the_processor_waiting_for_events_commits_and_then_syncs_once_each_is_due() throws Exception {
        try (SearchIndex index = onDisk(Duration.ofMillis(100), Duration.ofSeconds(1))) {
            BlockingStream<TrackedEventMessage<?>> read = processedTwo(index);
            assertThat(onDiskPosition(data)).isEqualTo(1);

            Future<Boolean> next = waiting.submit(() -> read.hasNextAvailable(30, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(5)).until(() -> index.committed() == 2);
            await().atMost(Duration.ofSeconds(5)).until(() -> onDiskPosition(data) == 2);
            assertThat(next).as("the sync came while the processor waited, not at the wait's end").isNotDone();
            assertThat(index.commitDueInMillis()).isEqualTo(-1);

            log.publish(GenericEventMessage.asEventMessage(lessons.event(2)));
            assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    private SearchIndex index(Duration commitInterval) {
        return new SearchIndex(null, commitInterval, Duration.ZERO, "store-1", 0, position -> Optional.empty());
    }

    private SearchIndex onDisk(Duration commitInterval, Duration syncInterval) {
        return new SearchIndex(data, commitInterval, syncInterval, "store-1", 0, lessons::eventIdAt);
    }

    /** The position in the last commit on disk: where a restart goes on from. */
    private static long onDiskPosition(Path base) throws IOException {
        try (FSDirectory directory = FSDirectory.open(base.resolve("g0"))) {
            List<org.apache.lucene.index.IndexCommit> commits = DirectoryReader.listCommits(directory);
            return IndexCommit.read(commits.get(commits.size() - 1).getUserData().entrySet()).position();
        }
    }

    /** The files as a killed process leaves them: what it wrote, the unsynced segments' too, and no close. */
    private static Path copyOf(Path base) throws IOException {
        Path copy = base.resolveSibling("crashed");
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.filter(path -> !path.getFileName().toString().equals("write.lock")).toList()) {
                Path target = copy.resolve(base.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    /**
     * Two batches of one lesson each, read from the log as the processor reads them: the first commits at once,
     * the second waits.
     */
    private BlockingStream<TrackedEventMessage<?>> processedTwo(SearchIndex index) {
        BlockingStream<TrackedEventMessage<?>> read = readTwo(index);
        assertThat(index.committed()).isEqualTo(1);
        return read;
    }

    /** The first two lessons, a batch each, read from the log as the processor reads them. */
    private BlockingStream<TrackedEventMessage<?>> readTwo(SearchIndex index) {
        SearchProjection projection = new SearchProjection(index);
        IndexTokenStore tokens = new IndexTokenStore(index, batches);
        log.publish(GenericEventMessage.asEventMessage(lessons.event(0)),
                GenericEventMessage.asEventMessage(lessons.event(1)));
        BlockingStream<TrackedEventMessage<?>> read =
                new SearchEventSource(log, index, batches).openStream(null);
        for (int position = 0; position < 2; position++) {
            try {
                read.nextAvailable();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            lessons.applyTo(projection, position, position + 1);
            tokens.storeToken(new GlobalSequenceTrackingToken(position), PROCESSOR, 0);
        }
        return read;
    }

    private static List<String> search(SearchProjection projection, String q) {
        return projection.handle(new SearchPostmortems(q, null, null, null, null, null, 10)).hits().stream()
                .map(PostmortemHit::id).toList();
    }
}
