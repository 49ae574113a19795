package io.aftermath.shared.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

/**
 * The {@link LedgerIdentity} document in {@code ledger_meta}, inserted by the first node to start on a
 * database (a store an earlier version wrote included). Nodes starting together converge on the first
 * insert through the unique {@code _id}.
 */
final class StoreIdentity {

    /**
     * A losing insert sees the winner's duplicate key at once, but a majority read may not show the
     * winner's document until a majority holds it: the read is tried again for that short while.
     */
    private static final int ATTEMPTS = 100;
    private static final long PAUSE_MILLIS = 20;

    private StoreIdentity() {
    }

    static LedgerIdentity ensure(MongoCollection<BsonDocument> meta, Clock clock) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            BsonDocument found = meta.find(Filters.eq(LedgerSchema.ID, LedgerSchema.STORE_IDENTITY_ID)).first();
            if (found != null) {
                return new LedgerIdentity(found.getString(LedgerSchema.STORE_ID).getValue(),
                        Instant.ofEpochMilli(found.getDateTime(LedgerSchema.CREATED_AT).getValue()));
            }
            // To the millisecond, as stored: the winner and the nodes that read its document hold equal identities.
            LedgerIdentity drawn = new LedgerIdentity(UUID.randomUUID().toString(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            try {
                meta.insertOne(new BsonDocument(LedgerSchema.ID, new BsonString(LedgerSchema.STORE_IDENTITY_ID))
                        .append(LedgerSchema.STORE_ID, new BsonString(drawn.id()))
                        .append(LedgerSchema.CREATED_AT, new BsonDateTime(drawn.createdAt().toEpochMilli())));
                return drawn;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            pause();
        }
        throw new IllegalStateException("Another node recorded this store's identity, and it cannot be read");
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading this store's identity", e);
        }
    }
}
