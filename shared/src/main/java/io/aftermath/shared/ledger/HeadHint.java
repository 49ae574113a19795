package io.aftermath.shared.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

/**
 * A lower bound of the head, written now and then after durable appends, so that a starting node
 * walks forward from near the end instead of from position 0 (finding the maximum {@code _id} would
 * scan the whole collection on the embedded server). Being only a lower bound, it can never be wrong,
 * so writers racing to record it need no lock.
 */
final class HeadHint {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final MongoCollection<BsonDocument> meta;
    private final Clock clock;
    private volatile Instant lastRecorded = Instant.EPOCH;

    HeadHint(MongoCollection<BsonDocument> meta, Clock clock) {
        this.meta = meta;
        this.clock = clock;
    }

    long read() {
        BsonDocument hint = meta.find(Filters.eq(LedgerSchema.ID, LedgerSchema.HEAD_HINT_ID)).first();
        BsonValue position = hint == null ? null : hint.get(LedgerSchema.POSITION);
        return position == null ? 0 : position.asNumber().longValue();
    }

    void maybeRecord(long head) {
        if (clock.instant().isAfter(lastRecorded.plus(INTERVAL))) {
            record(head);
        }
    }

    void record(long head) {
        meta.replaceOne(Filters.eq(LedgerSchema.ID, LedgerSchema.HEAD_HINT_ID),
                new BsonDocument(LedgerSchema.ID, new BsonString(LedgerSchema.HEAD_HINT_ID))
                        .append(LedgerSchema.POSITION, new BsonInt64(head)),
                new ReplaceOptions().upsert(true));
        lastRecorded = clock.instant();
    }
}
