package io.aftermath.shared.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoException;
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

    private static final Logger LOG = LoggerFactory.getLogger(HeadHint.class);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /**
     * The most a stop waits to record where it stopped: a store gone just as the node stops would hold it for the
     * driver's 30 s server selection (tester 69), to save the next start only a walk.
     */
    private static final Duration AT_STOP = Duration.ofSeconds(2);

    private final MongoCollection<BsonDocument> meta;
    private final Clock clock;
    private volatile Instant lastRecorded = Instant.EPOCH;
    private volatile boolean appended;

    HeadHint(MongoCollection<BsonDocument> meta, Clock clock) {
        this.meta = meta;
        this.clock = clock;
    }

    long read() {
        BsonDocument hint = meta.find(Filters.eq(LedgerSchema.ID, LedgerSchema.HEAD_HINT_ID)).first();
        BsonValue position = hint == null ? null : hint.get(LedgerSchema.POSITION);
        return position == null ? 0 : position.asNumber().longValue();
    }

    /**
     * Records the head if the last record is older than the interval. Best effort: it runs on an
     * appending caller's thread after that caller's commit is durable, so a failure here must not
     * reach the caller as a failed append; a hint not written only makes the next start walk further.
     */
    void maybeRecord(long head) {
        appended = true;
        if (clock.instant().isAfter(lastRecorded.plus(INTERVAL))) {
            try {
                record(meta, head);
            } catch (MongoException e) {
                LOG.debug("Head hint not recorded ({}); trying again after the next append", e.getMessage());
            }
        }
    }

    /**
     * A node that appended records where it stopped. One that never did (a query node) leaves the hint
     * alone: its head, read as it started, may lie behind the writer's, and a lower hint widens what the
     * writer's next start takes for the unwritten tail of a crash; writing it also held a query node's
     * stop for the driver's 30 s while the store was out of sight.
     */
    void recordIfAppended(long head) {
        if (appended) {
            record(meta.withTimeout(AT_STOP.toMillis(), TimeUnit.MILLISECONDS), head);
        }
    }

    private void record(MongoCollection<BsonDocument> into, long head) {
        into.replaceOne(Filters.eq(LedgerSchema.ID, LedgerSchema.HEAD_HINT_ID),
                new BsonDocument(LedgerSchema.ID, new BsonString(LedgerSchema.HEAD_HINT_ID))
                        .append(LedgerSchema.POSITION, new BsonInt64(head)),
                new ReplaceOptions().upsert(true));
        lastRecorded = clock.instant();
    }
}
