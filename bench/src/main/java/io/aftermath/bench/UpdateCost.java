package io.aftermath.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;
import java.util.stream.IntStream;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;


import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;
import io.netty.buffer.Unpooled;

/**
 * What an update costs on the embedded server, now that it writes a copy of the document it changes
 * ({@code CopyOnUpdate}): updates per second of one document through the driver, against inserts per
 * second of documents of the same shape on the same server in the same run. Run on the commits
 * before and after a change to the update path, the two ratios say what the change cost.
 *
 * <p>Shapes: a processor's token ({@code $set}, as the token store writes), a ticket's read model and a
 * release's timeline of 500 entries (replaced whole, as the projections write), and that timeline
 * changed by one {@code $set} (no writer here does that: an operator update copies the whole document).
 * Each row also times the copy alone, in process, and gives its share of an update's time.
 *
 * <p>Usage: {@code bench/run.sh UpdateCost [operations=20000] [rounds=5] [backends=MEMORY,H2]}
 */
public final class UpdateCost {

    private static final Bson THE_DOCUMENT = Filters.eq("_id", "the");

    /** Keeps the timed copies from being optimised away. */
    @SuppressWarnings("unused")
    private static volatile Object sink;

    private UpdateCost() {
    }

    /** @param deepCopy whether the update is handed a deep copy (operators) or a shallow one (a replacement) */
    private record Shape(String name, int sizeDivisor, boolean deepCopy, IntFunction<Document> document,
                         ObjIntConsumer<MongoCollection<Document>> update) {
    }

    public static void main(String[] args) throws Exception {
        BenchArguments options = new BenchArguments(args);
        int operations = options.integer("operations", 20_000);
        int rounds = options.integer("rounds", 5);
        System.out.printf("# UpdateCost (%d cores; %d operations per shape and round, fewer for larger documents; "
                + "median of %d rounds after one of warm-up)%n%n", Runtime.getRuntime().availableProcessors(),
                operations, rounds);
        System.out.println("| backend | shape | BSON bytes | updates/s | inserts/s | update / insert | copy µs "
                + "| copy / update |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (String backend : options.strings("backends", "MEMORY,H2")) {
            try (WorkDirectory workDir = WorkDirectory.create("aftermath-updatecost");
                 EmbeddedMongoServer server = EmbeddedMongoServer.start(settings(Backend.valueOf(backend), workDir));
                 MongoClient client = MongoClients.create(server.connectionString())) {
                for (Shape shape : shapes()) {
                    measure(backend, shape, client.getDatabase("bench"), operations / shape.sizeDivisor(), rounds);
                }
            }
        }
    }

    private static EmbeddedMongoSettings settings(Backend backend, WorkDirectory workDir) {
        return backend == Backend.H2 ? EmbeddedMongoSettings.onDisk(workDir.path()) : EmbeddedMongoSettings.inMemory();
    }

    private static void measure(String backend, Shape shape, MongoDatabase database,
                                int operations, int rounds) {
        MongoCollection<Document> updated = database.getCollection(collectionName(shape, "updated"));
        updated.insertOne(shape.document().apply(0).append("_id", "the"));
        List<Double> updates = new ArrayList<>();
        List<Double> inserts = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            double updateRate = rate(operations, i -> shape.update().accept(updated, i));
            MongoCollection<Document> inserted = database.getCollection(collectionName(shape, "inserted"));
            double insertRate = rate(operations, i -> inserted.insertOne(shape.document().apply(i)));
            inserted.drop();
            if (round > 0) {
                updates.add(updateRate);
                inserts.add(insertRate);
            }
        }
        RawBsonDocument raw = RawBsonDocument.parse(shape.document().apply(1).toJson());
        double copyMicros = copyMicros(shape, raw);
        double updateRate = Medians.of(updates);
        System.out.printf("| %s | %s | %,d | %,.0f | %,.0f | %.2f | %.1f | %.1f %% |%n", backend, shape.name(),
                raw.getByteBuffer().remaining(), updateRate, Medians.of(inserts), Medians.ofRatios(updates, inserts),
                copyMicros, 100 * copyMicros * updateRate / 1e6);
    }

    /**
     * The copy an update of this shape is handed, timed alone on the document as the server holds it: the
     * measured rates move by more than it costs from one run to the next.
     */
    private static double copyMicros(Shape shape, RawBsonDocument raw) {
        de.bwaldvogel.mongo.bson.Document stored =
                BsonDecoder.decodeBson(Unpooled.wrappedBuffer(raw.getByteBuffer().asNIO()));
        int copies = 20_000_000 / raw.getByteBuffer().remaining() + 1_000;
        List<Double> passes = new ArrayList<>();
        for (int pass = 0; pass <= 5; pass++) {
            long start = System.nanoTime();
            for (int i = 0; i < copies; i++) {
                sink = shape.deepCopy() ? stored.cloneDeeply() : stored.clone();
            }
            if (pass > 0) {
                passes.add((System.nanoTime() - start) / 1e3 / copies);
            }
        }
        return Medians.of(passes);
    }

    private static String collectionName(Shape shape, String suffix) {
        return shape.name().replaceAll("[^A-Za-z]+", "_") + "_" + suffix;
    }

    private static double rate(int operations, IntConsumer operation) {
        long start = System.nanoTime();
        for (int i = 0; i < operations; i++) {
            operation.accept(i);
        }
        return operations / ((System.nanoTime() - start) / 1e9);
    }

    private static List<Shape> shapes() {
        return List.of(
                new Shape("token, $set", 1, true, UpdateCost::token, (collection, i) -> collection.updateOne(THE_DOCUMENT,
                        Updates.combine(Updates.set("token.index", (long) i), Updates.set("timestamp", (long) i)))),
                new Shape("ticket, replaced", 1, false, UpdateCost::ticket,
                        (collection, i) -> collection.replaceOne(THE_DOCUMENT, ticket(i).append("_id", "the"))),
                new Shape("timeline, replaced", 5, false, UpdateCost::timeline,
                        (collection, i) -> collection.replaceOne(THE_DOCUMENT, timeline(i).append("_id", "the"))),
                new Shape("timeline, $set", 5, true, UpdateCost::timeline,
                        (collection, i) -> collection.updateOne(THE_DOCUMENT, Updates.set("version", i))));
    }

    private static Document token(int version) {
        return new Document("processor", "TriageProjection").append("segment", 0).append("owner", "node-1")
                .append("token", new Document("type", "GlobalSequenceTrackingToken").append("index", (long) version))
                .append("timestamp", (long) version);
    }

    private static Document ticket(int version) {
        return new Document("title", "Checkout fails after release 2.4").append("status", "TRIAGED")
                .append("priority", "P1").append("version", version)
                .append("history", IntStream.range(0, 15).mapToObj(UpdateCost::entry).toList());
    }

    private static Document timeline(int version) {
        return new Document("release", "2.4.0").append("version", version)
                .append("entries", IntStream.range(0, 500).mapToObj(UpdateCost::entry).toList());
    }

    private static Document entry(int position) {
        return new Document("position", (long) position).append("at", "2026-12-06T03:00:00Z")
                .append("actor", "alice").append("what", "prioritised P1: checkout is down for every user");
    }
}
