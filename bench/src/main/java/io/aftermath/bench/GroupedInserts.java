package io.aftermath.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.aftermath.shared.ledger.LedgerSchema;

/**
 * The driver alone doing what a group commit does, with none of the ledger's own work: no
 * serialization, sequencing, hashing or queue. Writers form fixed groups, as many as the batches the
 * ledger may have in flight; the last of a group to arrive writes the group's events in one document
 * (as the ledger's commits written together share one) with one {@code insertMany}, while the others
 * wait for it. The events are the raw reference's, each with a stream key, in a collection with the
 * ledger's two unique indexes ({@code _id}, {@code streams}). What it reaches against raw
 * {@code insertOne} is about the most a group commit of that shape can reach on this server; the
 * ledger's distance to it is what its own work costs.
 */
final class GroupedInserts {

    static final String COLLECTION = "grouped_inserts";
    private static final long WAIT_SECONDS = 60;

    private GroupedInserts() {
    }

    /** Whether these writers form groups at all: with no more of them than batches in flight, none would wait. */
    static boolean formsGroups(int writers, int depth) {
        return writers > depth;
    }

    static Concurrently.Run run(LedgerUnderTest ledger, int writers, int depth, int total, String prefix) throws Exception {
        BsonDocument template = ledger.sampleCommit();
        BsonDocument event = template.getArray(LedgerSchema.EVENTS).get(0).asDocument();
        MongoCollection<BsonDocument> grouped = ledger.database().getCollection(COLLECTION, BsonDocument.class);
        grouped.createIndex(Indexes.ascending(LedgerSchema.STREAMS),
                new IndexOptions().unique(true).name(LedgerSchema.STREAMS_INDEX));
        int groupSize = (writers + depth - 1) / depth;
        List<Group> groups = new ArrayList<>();
        for (int first = 0; first < writers; first += groupSize) {
            groups.add(new Group(Math.min(groupSize, writers - first), template.get(LedgerSchema.COMMITTED_AT)));
        }
        return Concurrently.run(writers, total, (thread, index) -> new Arrival(groups.get(thread / groupSize),
                new BsonString(LedgerSchema.streamKey(prefix + "-t" + thread, index)), event.clone()),
                arrival -> arrival.group().arrive(arrival, grouped));
    }

    private record Arrival(Group group, BsonString streamKey, BsonDocument event) {
    }

    /** One group's events since its last write; every member arrives once per round. */
    private static final class Group {

        private static final AtomicLong POSITIONS = new AtomicLong();

        private final int size;
        private final BsonValue committedAt;
        private final List<Arrival> arrived = new ArrayList<>();
        private final List<CompletableFuture<Void>> waiting = new ArrayList<>();

        Group(int size, BsonValue committedAt) {
            this.size = size;
            this.committedAt = committedAt;
        }

        void arrive(Arrival arrival, MongoCollection<BsonDocument> collection) throws Exception {
            CompletableFuture<Void> written = new CompletableFuture<>();
            List<Arrival> toWrite = null;
            List<CompletableFuture<Void>> toRelease = null;
            synchronized (this) {
                arrived.add(arrival);
                if (arrived.size() == size) {
                    toWrite = List.copyOf(arrived);
                    toRelease = List.copyOf(waiting);
                    arrived.clear();
                    waiting.clear();
                } else {
                    waiting.add(written);
                }
            }
            if (toWrite == null) {
                written.get(WAIT_SECONDS, TimeUnit.SECONDS);
                return;
            }
            try {
                collection.insertMany(List.of(document(toWrite)));
                toRelease.forEach(waiter -> waiter.complete(null));
            } catch (RuntimeException e) {
                toRelease.forEach(waiter -> waiter.completeExceptionally(e));
                throw e;
            }
        }

        private BsonDocument document(List<Arrival> group) {
            BsonArray keys = new BsonArray();
            BsonArray events = new BsonArray();
            for (Arrival arrival : group) {
                keys.add(arrival.streamKey());
                events.add(arrival.event());
            }
            return new BsonDocument(LedgerSchema.ID, new BsonInt64(POSITIONS.getAndIncrement()))
                    .append(LedgerSchema.STREAMS, keys)
                    .append(LedgerSchema.COMMITTED_AT, committedAt)
                    .append(LedgerSchema.COUNT, new BsonInt32(group.size()))
                    .append(LedgerSchema.EVENTS, events);
        }
    }
}
