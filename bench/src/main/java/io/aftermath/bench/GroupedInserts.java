package io.aftermath.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.BsonString;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.aftermath.shared.ledger.LedgerSchema;

/**
 * The driver alone doing what a group commit does, with none of the ledger's own work: no
 * serialization, sequencing, hashing or queue. Writers form fixed groups, as many as the batches the
 * ledger may have in flight; the last of a group to arrive writes the group's documents with one
 * {@code insertMany} while the others wait for it. The documents are the raw reference's, each with a
 * stream key, in a collection with the ledger's two unique indexes ({@code _id}, {@code streams}).
 * What it reaches against raw {@code insertOne} is about the most a group commit of that shape can
 * reach on this server; the ledger's distance to it is what its own work costs.
 */
final class GroupedInserts {

    private static final String COLLECTION = "grouped_inserts";
    private static final long WAIT_SECONDS = 60;

    private GroupedInserts() {
    }

    /** Whether these writers form groups at all: with no more of them than batches in flight, none would wait. */
    static boolean formsGroups(int writers, int depth) {
        return writers > depth;
    }

    static double rate(LedgerUnderTest ledger, int writers, int depth, int total, String prefix) throws Exception {
        BsonDocument template = ledger.sampleCommit();
        template.remove(LedgerSchema.STREAMS);
        MongoCollection<BsonDocument> grouped = ledger.database().getCollection(COLLECTION, BsonDocument.class);
        grouped.createIndex(Indexes.ascending(LedgerSchema.STREAMS),
                new IndexOptions().unique(true).name(LedgerSchema.STREAMS_INDEX));
        int groupSize = (writers + depth - 1) / depth;
        List<Group> groups = new ArrayList<>();
        for (int first = 0; first < writers; first += groupSize) {
            groups.add(new Group(Math.min(groupSize, writers - first)));
        }
        return Concurrently.opsPerSecond(writers, total, (thread, index) -> {
            BsonDocument document = template.clone();
            document.put(LedgerSchema.ID, new BsonObjectId());
            document.put(LedgerSchema.STREAMS, new BsonArray(List.of(
                    new BsonString(LedgerSchema.streamKey(prefix + "-t" + thread, index)))));
            return new Arrival(groups.get(thread / groupSize), document);
        }, arrival -> arrival.group().arrive(arrival.document(), grouped));
    }

    private record Arrival(Group group, BsonDocument document) {
    }

    /** One group's documents since its last write; every member arrives once per round. */
    private static final class Group {

        private final int size;
        private final List<BsonDocument> documents = new ArrayList<>();
        private final List<CompletableFuture<Void>> waiting = new ArrayList<>();

        Group(int size) {
            this.size = size;
        }

        void arrive(BsonDocument document, MongoCollection<BsonDocument> collection) throws Exception {
            CompletableFuture<Void> written = new CompletableFuture<>();
            List<BsonDocument> toWrite = null;
            List<CompletableFuture<Void>> toRelease = null;
            synchronized (this) {
                documents.add(document);
                if (documents.size() == size) {
                    toWrite = List.copyOf(documents);
                    toRelease = List.copyOf(waiting);
                    documents.clear();
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
                collection.insertMany(toWrite);
                toRelease.forEach(waiter -> waiter.complete(null));
            } catch (RuntimeException e) {
                toRelease.forEach(waiter -> waiter.completeExceptionally(e));
                throw e;
            }
        }
    }
}
