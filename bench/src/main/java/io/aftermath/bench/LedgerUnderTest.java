package io.aftermath.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;

import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.LedgerSettings;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.serialization.LedgerSerializers;

/** Aftermath's ledger on an embedded server of its own, plus raw driver access to the same server. */
final class LedgerUnderTest implements StoreUnderTest {

    static final String RAW_INSERTS = "raw_inserts";

    private final String name;
    private final EmbeddedMongoServer server;
    private final MongoClient client;
    private final MongoDatabase database;
    private final LedgerSettings settings;
    /**
     * One pair for every ledger on the server, as a node has one engine for its life: an engine per
     * run with serializers of its own introspected the event types again each run, and the JIT was
     * still compiling for 5 % of the ledger's passes.
     */
    private final Serializer eventSerializer;
    private final Serializer snapshotSerializer;
    private final MongoLedgerStorageEngine engine;
    /** Where a ledger on a database of its own takes its sample commit from; null for the server's owner. */
    private final LedgerUnderTest owner;

    LedgerUnderTest(EmbeddedMongoSettings.Backend backend, Path dataDir, String databaseName) {
        this(backend, dataDir, databaseName, LedgerSettings.soleWriter());
    }

    LedgerUnderTest(EmbeddedMongoSettings.Backend backend, Path dataDir, String databaseName,
                    LedgerSettings ledgerSettings) {
        this(backend == EmbeddedMongoSettings.Backend.MEMORY ? EmbeddedMongoSettings.inMemory()
                : durableReferences(EmbeddedMongoSettings.onDisk(dataDir)), databaseName, ledgerSettings);
    }

    /**
     * The references' inserts journaled like the ledger's commits, so that on H2 they are compared
     * with appends that are as durable when acknowledged (the server journals only the commits).
     */
    static EmbeddedMongoSettings durableReferences(EmbeddedMongoSettings settings) {
        return settings.alsoJournaling(RAW_INSERTS, GroupedInserts.COLLECTION);
    }

    LedgerUnderTest(EmbeddedMongoSettings settings, String databaseName) {
        this(settings, databaseName, LedgerSettings.soleWriter());
    }

    /** The ledger as a node on the embedded server runs it, unless other settings are asked for. */
    LedgerUnderTest(EmbeddedMongoSettings settings, String databaseName, LedgerSettings ledgerSettings) {
        this.name = "Aftermath ledger, " + settings.backend().name().toLowerCase() + " backend";
        this.server = EmbeddedMongoServer.start(settings);
        this.client = MongoClients.create(server.connectionString());
        this.database = client.getDatabase(databaseName);
        this.settings = ledgerSettings;
        this.eventSerializer = LedgerSerializers.messages();
        this.snapshotSerializer = LedgerSerializers.snapshots();
        this.engine = buildEngine();
        this.owner = null;
    }

    private LedgerUnderTest(LedgerUnderTest owner, String databaseName) {
        this.name = owner.name;
        this.server = owner.server;
        this.client = owner.client;
        this.database = client.getDatabase(databaseName);
        this.settings = owner.settings;
        this.eventSerializer = owner.eventSerializer;
        this.snapshotSerializer = owner.snapshotSerializer;
        this.engine = buildEngine();
        this.owner = owner;
    }

    private MongoLedgerStorageEngine buildEngine() {
        return MongoLedgerStorageEngine.builder()
                .database(database)
                .durabilityBarrier(server.durabilityBarrier())
                .settings(settings)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(snapshotSerializer)
                .build();
    }

    /**
     * Runs {@code work} on a ledger with a database of its own on this server, dropped afterwards,
     * outside the clock; its raw and grouped inserts go to that database too. On the memory backend
     * every document a run stores stays in the heap: on one database, each run left its documents
     * for every later one, and G1's concurrent marking of them all took one of the two cores for
     * seconds from whichever side ran then (docs/benchmarks.md, "After run 26"). Each run now pays
     * for its own documents only.
     */
    <T> T onDatabaseOfItsOwn(String databaseName, Work<T> work) throws Exception {
        try (LedgerUnderTest fresh = new LedgerUnderTest(this, databaseName)) {
            return work.run(fresh);
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run(LedgerUnderTest ledger) throws Exception;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public EventStorageEngine engine() {
        return engine;
    }

    /** Every operation's events over the documents it stored in {@code collection}: how much a write shared. */
    double eventsPerDocument(String collection, long events) {
        return (double) events / database.getCollection(collection).countDocuments();
    }

    MongoDatabase database() {
        return database;
    }

    MongoClient client() {
        return client;
    }

    /**
     * The reference for replay: every commit document in {@code _id} order, decoded into the driver's
     * {@code BsonDocument} trees as an application reading the collection itself would, counting the
     * events they hold (commits written together share a document). The engine decodes commits
     * straight into its own records since the session of run 14.
     */
    long rawSortedScan() {
        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        long events = 0;
        for (BsonDocument commit : commits.find().sort(Sorts.ascending("_id")).batchSize(1000)) {
            events += commit.getArray(LedgerSchema.EVENTS).size();
        }
        return events;
    }

    /**
     * A stored commit of one event, as a template for same-sized raw inserts: the first document cut
     * to its first event, which is what that event's document would be had it been written alone. A
     * ledger on a database of its own takes its owner's, so every run's references have the same size.
     */
    BsonDocument sampleCommit() {
        if (owner != null) {
            return owner.sampleCommit();
        }
        BsonDocument first = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class).find().first();
        first.put(LedgerSchema.COUNT, new BsonInt32(1));
        first.put(LedgerSchema.STREAMS, new BsonArray(List.of(first.getArray(LedgerSchema.STREAMS).get(0))));
        first.put(LedgerSchema.EVENTS, new BsonArray(List.of(first.getArray(LedgerSchema.EVENTS).get(0))));
        return first;
    }

    /**
     * The append reference: {@code total} raw driver {@code insertOne}s from {@code writers} threads,
     * each a document the size of a one-event commit, on the same server.
     */
    Concurrently.Run rawInserts(int writers, int total) throws Exception {
        BsonDocument template = sampleCommit();
        template.remove(LedgerSchema.STREAMS);
        MongoCollection<BsonDocument> raw = database.getCollection(RAW_INSERTS, BsonDocument.class);
        return Concurrently.run(writers, total, (thread, index) -> {
            BsonDocument document = template.clone();
            document.put("_id", new BsonObjectId());
            return document;
        }, raw::insertOne);
    }

    Path storeFile() {
        return server.storeFile();
    }

    /** An online backup of the H2 store into {@code target}; its size in bytes. */
    long backupTo(Path target) throws IOException {
        return server.backupTo(target);
    }

    @Override
    public void close() {
        engine.close();
        if (owner != null) {
            database.drop();
            return;
        }
        client.close();
        server.close();
    }
}
