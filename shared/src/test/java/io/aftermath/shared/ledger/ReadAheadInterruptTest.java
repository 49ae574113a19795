package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoInterruptedException;

/**
 * Tester 63: a release's events, streamed while the store went, ended only after the driver's 30 s server
 * selection: the read was cut, but it waited for a window asked for ahead, whose read on a thread of its own
 * was not, and that wait ignored the cut.
 */
class ReadAheadInterruptTest {

    private static final Duration PROMPT = Duration.ofSeconds(10);

    private final CountDownLatch storeGone = new CountDownLatch(1);
    private final ExecutorService readAhead = Executors.newCachedThreadPool();
    private final ExecutorService reader = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        storeGone.countDown();
        readAhead.shutdownNow();
        reader.shutdownNow();
    }

    @Test
    void a_read_waiting_for_a_window_asked_for_ahead_stops_waiting_when_cut() throws Exception {
        Iterator<LedgerEventData> events = new FirstWindowOnly().stream().iterator();
        CompletableFuture<Thread> waiting = new CompletableFuture<>();
        CompletableFuture<RuntimeException> ended = new CompletableFuture<>();
        reader.execute(() -> {
            try {
                for (int read = 0; read < 4; read++) {
                    events.next();
                }
                waiting.complete(Thread.currentThread());
                events.next();
            } catch (RuntimeException failure) {
                ended.complete(failure);
            }
        });
        Thread thread = waiting.get(PROMPT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(PROMPT).until(() -> thread.getState() == Thread.State.WAITING);

        thread.interrupt();

        assertThat(ended.get(PROMPT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(MongoInterruptedException.class);
    }

    /** Four commits of one event each, then a store that no longer answers. */
    private final class FirstWindowOnly extends ContiguousReader {

        FirstWindowOnly() {
            super(0, 4, false, readAhead);
        }

        @Override
        List<StoredCommit> window(long from, int size) {
            if (from == 0) {
                return LongStream.range(0, 4).mapToObj(position -> new StoredCommit(position, 1, Instant.EPOCH, false,
                        List.of(EventDocument.of(new BsonDocument(LedgerSchema.POSITION, new BsonInt64(position)))),
                        List.of())).toList();
            }
            try {
                storeGone.await();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        }

        @Override
        long start(StoredCommit unit) {
            return unit.position();
        }

        @Override
        long end(StoredCommit unit) {
            return unit.end();
        }

        @Override
        Optional<StoredCommit> containing(long target) {
            return Optional.empty();
        }

        @Override
        void emit(StoredCommit unit, long from, Consumer<LedgerEventData> sink) {
            unit.events().forEach(event -> sink.accept(LedgerEventData.of(event)));
        }
    }
}
