package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;

import java.util.List;

import org.axonframework.eventhandling.DomainEventMessage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.shared.testing.EmbeddedMongo;

/**
 * A sole-writer ledger on the embedded server whose inserts can be held in the driver. The first
 * commit's insert is held so that later commits queue beside it (a lone commit waits for the batch
 * in flight; two go together), and the insert of the pair that follows can be held too.
 */
final class HeldBatches implements AutoCloseable {

    /** The held first append and the two sealed together after it; {@code writer} is writing their batch. */
    record FirstAndPair(AppendingThread first, AppendingThread b, AppendingThread c, AppendingThread writer) {

        /** The one of the pair whose commit another caller writes. */
        AppendingThread waiting() {
            return writer == b ? c : b;
        }

        List<AppendingThread> all() {
            return List.of(first, b, c);
        }
    }

    private final HeldInsert heldFirst = new HeldInsert();
    private final HeldInsert heldPair = new HeldInsert();
    private final MongoClient client;
    private final MongoLedgerStorageEngine engine;

    HeldBatches(DurabilityBarrier barrier) {
        String database = EmbeddedMongo.freshDatabase().getName();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(EmbeddedMongo.connectionString()))
                .addCommandListener(heldFirst).addCommandListener(heldPair).build());
        engine = LedgerTestSupport.soleWriter(client.getDatabase(database), barrier);
    }

    MongoLedgerStorageEngine engine() {
        return engine;
    }

    /** Appends one event of a new aggregate on a thread of its own. */
    AppendingThread start(String aggregate) {
        return AppendingThread.start(engine, events(aggregate, 0, 1));
    }

    /** Starts appending "a" and returns once its insert is held. */
    AppendingThread holdFirst() throws InterruptedException {
        heldFirst.hold("\"a#0\"");
        AppendingThread first = start("a");
        heldFirst.awaitHeld();
        return first;
    }

    /** "a" held, then "b" and "c" sealed into one batch, whose insert is held on its writer's thread. */
    FirstAndPair holdFirstAndPair() throws InterruptedException {
        AppendingThread first = holdFirst();
        heldPair.hold("\"b#0\"");
        AppendingThread b = start("b").awaitQueued();
        AppendingThread c = start("c");
        heldPair.awaitHeld();
        return new FirstAndPair(first, b, c, heldPair.holder() == b.thread() ? b : c);
    }

    /** Lets the held inserts go on, the pair's first. */
    void letGo() {
        heldPair.letGo();
        heldFirst.letGo();
    }

    List<String> aggregatesInTheLog() {
        return engine.readEvents(null, false).map(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier())
                .toList();
    }

    @Override
    public void close() {
        letGo();
        engine.close();
        client.close();
    }
}
