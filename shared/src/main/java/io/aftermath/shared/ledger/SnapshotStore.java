package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.ID;
import static io.aftermath.shared.ledger.LedgerSchema.SEQUENCE;

import java.util.Optional;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

/**
 * Snapshots are written once and never changed: {@code snapshots} holds one immutable document per
 * aggregate and sequence ({@code aggregateId#sequence}), and {@code snapshot_heads} points at the
 * newest. The embedded server changes documents in place and may hand a concurrent reader a mix of
 * old and new fields; a replaced snapshot could thus come back as an old state under a new sequence.
 * A pointer changes one field only, and an immutable document cannot be read half-changed.
 */
final class SnapshotStore {

    private final MongoCollection<BsonDocument> snapshots;
    private final MongoCollection<BsonDocument> heads;

    SnapshotStore(MongoDatabase database) {
        this.snapshots = database.getCollection(LedgerSchema.SNAPSHOTS, BsonDocument.class);
        this.heads = database.getCollection(LedgerSchema.SNAPSHOT_HEADS, BsonDocument.class);
    }

    void store(String aggregateId, long sequence, BsonDocument snapshot) {
        String key = LedgerSchema.streamKey(aggregateId, sequence);
        ignoreDuplicate(() -> snapshots.insertOne(snapshot.clone().append(ID, new BsonString(key))));
        Optional<Long> previous = headOf(aggregateId);
        if (previous.isPresent() && previous.get() >= sequence) {
            return;
        }
        // Moves the pointer forward only: a newer head makes the filter miss and the upsert collide.
        ignoreDuplicate(() -> heads.updateOne(
                Filters.and(Filters.eq(ID, aggregateId), Filters.lt(SEQUENCE, sequence)),
                Updates.set(SEQUENCE, new BsonInt64(sequence)), new UpdateOptions().upsert(true)));
        previous.ifPresent(older -> snapshots.deleteOne(
                Filters.eq(ID, LedgerSchema.streamKey(aggregateId, older))));
    }

    Optional<BsonDocument> newest(String aggregateId) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<Long> head = headOf(aggregateId);
            if (head.isEmpty()) {
                return Optional.empty();
            }
            BsonDocument snapshot = snapshots.find(
                    Filters.eq(ID, LedgerSchema.streamKey(aggregateId, head.get()))).first();
            if (snapshot != null) {
                return Optional.of(snapshot);
            }
            // The head moved on and its old document was removed between our two reads: look again.
        }
        return Optional.empty();
    }

    private Optional<Long> headOf(String aggregateId) {
        BsonDocument head = heads.find(Filters.eq(ID, aggregateId)).first();
        return head == null ? Optional.empty() : Optional.of(head.getInt64(SEQUENCE).getValue());
    }

    private static void ignoreDuplicate(Runnable write) {
        try {
            write.run();
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }
}
