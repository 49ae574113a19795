package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

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
 * while its commit may still be written; a writer's interrupt never costs the other commits of its
 * batch. The first commit's insert is held in the driver so that later commits queue beside it (a
 * lone commit waits for the batch in flight; two go together).
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
        AppendingThread first = AppendingThread.start(engine, events("a", 0, 1));
        heldFirst.awaitHeld();
        AppendingThread abandoning = AppendingThread.start(engine, events("b", 0, 1)).awaitQueued();
        abandoning.thread().interrupt();

        assertThatThrownBy(() -> abandoning.appended().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(EventStoreException.class).hasMessageContaining("nothing was appended");
        heldFirst.letGo();
        first.appended().get(10, TimeUnit.SECONDS);
        engine.appendEvents(events("c", 0, 1));

        assertThat(aggregatesInTheLog()).containsExactly("a", "c");
    }

    @Test
    void a_caller_interrupted_after_its_commit_was_sealed_gets_the_answer_and_keeps_the_interrupt() throws Exception {
        heldFirst.hold("\"a#0\"");
        AppendingThread first = AppendingThread.start(engine, events("a", 0, 1));
        heldFirst.awaitHeld();
        heldPair.hold("\"b#0\"");
        AppendingThread b = AppendingThread.start(engine, events("b", 0, 1)).awaitQueued();
        AppendingThread c = AppendingThread.start(engine, events("c", 0, 1));
        heldPair.awaitHeld();
        AppendingThread waiting = (heldPair.holder() == b.thread() ? c : b).awaitQueued();
        waiting.thread().interrupt();

        heldPair.letGo();
        heldFirst.letGo();
        first.appended().get(10, TimeUnit.SECONDS);
        b.appended().get(10, TimeUnit.SECONDS);
        c.appended().get(10, TimeUnit.SECONDS);

        assertThat(waiting.endedInterrupted()).isTrue();
        assertThat(aggregatesInTheLog()).containsExactly("a", "b", "c");
    }

    @Test
    void a_writer_interrupted_while_its_batch_is_on_its_way_writes_all_of_it_and_keeps_the_interrupt() throws Exception {
        heldFirst.hold("\"a#0\"");
        AppendingThread first = AppendingThread.start(engine, events("a", 0, 1));
        heldFirst.awaitHeld();
        heldPair.hold("\"b#0\"");
        AppendingThread b = AppendingThread.start(engine, events("b", 0, 1)).awaitQueued();
        AppendingThread c = AppendingThread.start(engine, events("c", 0, 1));
        heldPair.awaitHeld();
        AppendingThread writer = heldPair.holder() == b.thread() ? b : c;
        writer.thread().interrupt();

        heldPair.letGo();
        heldFirst.letGo();
        first.appended().get(10, TimeUnit.SECONDS);
        b.appended().get(10, TimeUnit.SECONDS);
        c.appended().get(10, TimeUnit.SECONDS);
        engine.appendEvents(events("d", 0, 1));

        assertThat(writer.endedInterrupted()).isTrue();
        assertThat(aggregatesInTheLog()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void a_caller_already_interrupted_writes_its_commit_and_keeps_the_interrupt() {
        Thread.currentThread().interrupt();
        try {
            engine.appendEvents(events("a", 0, 1));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(aggregatesInTheLog()).containsExactly("a");
    }

    private List<String> aggregatesInTheLog() {
        return engine.readEvents(null, false).map(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier())
                .toList();
    }
}
