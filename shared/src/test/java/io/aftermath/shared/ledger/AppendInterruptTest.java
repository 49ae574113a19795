package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.shared.testing.EmbeddedMongo;

/**
 * An interrupted append either leaves nothing behind or gets its real answer, never an interrupt
 * while its commit may still be written. The first commit's insert is held in the driver so that
 * later commits queue beside it (a lone commit waits for the batch in flight; two go together).
 */
class AppendInterruptTest {

    private final HeldInsert heldFirst = new HeldInsert();
    private final HeldInsert heldPair = new HeldInsert();
    private MongoClient client;
    private MongoLedgerStorageEngine engine;

    @BeforeEach
    void setUp() {
        String database = EmbeddedMongo.freshDatabase().getName();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(EmbeddedMongo.connectionString()))
                .addCommandListener(heldFirst).addCommandListener(heldPair).build());
        engine = LedgerTestSupport.soleWriter(client.getDatabase(database), DurabilityBarrier.NONE);
    }

    @AfterEach
    void tearDown() {
        heldPair.letGo();
        heldFirst.letGo();
        engine.close();
        client.close();
    }

    @Test
    void a_caller_interrupted_before_its_commit_is_sealed_takes_it_back() throws Exception {
        heldFirst.hold("\"a#0\"");
        Caller first = appendOnThread(events("a", 0, 1));
        heldFirst.awaitHeld();
        Caller abandoning = appendOnThread(events("b", 0, 1));
        awaitQueued(abandoning);
        abandoning.thread().interrupt();

        assertThatThrownBy(() -> abandoning.append().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(EventStoreException.class).hasMessageContaining("nothing was appended");
        heldFirst.letGo();
        first.append().get(10, TimeUnit.SECONDS);
        engine.appendEvents(events("c", 0, 1));

        assertThat(aggregatesInTheLog()).containsExactly("a", "c");
    }

    @Test
    void a_caller_interrupted_after_its_commit_was_sealed_gets_the_answer_and_keeps_the_interrupt() throws Exception {
        heldFirst.hold("\"a#0\"");
        Caller first = appendOnThread(events("a", 0, 1));
        heldFirst.awaitHeld();
        heldPair.hold("\"b#0\"");
        Caller b = appendOnThread(events("b", 0, 1));
        awaitQueued(b);
        Caller c = appendOnThread(events("c", 0, 1));
        heldPair.awaitHeld();
        Caller waiting = heldPair.holder() == b.thread() ? c : b;
        awaitQueued(waiting);
        waiting.thread().interrupt();

        heldPair.letGo();
        heldFirst.letGo();
        first.append().get(10, TimeUnit.SECONDS);
        b.append().get(10, TimeUnit.SECONDS);
        c.append().get(10, TimeUnit.SECONDS);

        assertThat(waiting.endedInterrupted()).isTrue();
        assertThat(aggregatesInTheLog()).containsExactly("a", "b", "c");
    }

    /** An append on a thread of its own, which notes whether it ended interrupted. */
    private record Caller(Thread thread, FutureTask<Void> append, AtomicBoolean endedInterrupted) {
    }

    private Caller appendOnThread(List<DomainEventMessage<?>> commit) {
        AtomicBoolean endedInterrupted = new AtomicBoolean();
        FutureTask<Void> append = new FutureTask<>(() -> {
            engine.appendEvents(commit);
            endedInterrupted.set(Thread.currentThread().isInterrupted());
        }, null);
        Thread thread = new Thread(append);
        thread.start();
        return new Caller(thread, append, endedInterrupted);
    }

    /** A caller waits, parked, only once its commit is queued. */
    private static void awaitQueued(Caller caller) {
        await().atMost(Duration.ofSeconds(10)).until(() -> caller.thread().getState() == Thread.State.TIMED_WAITING);
    }

    private List<String> aggregatesInTheLog() {
        return engine.readEvents(null, false).map(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier())
                .toList();
    }
}
