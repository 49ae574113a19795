package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.AGGREGATE_ID;
import static io.aftermath.shared.ledger.LedgerSchema.COMMITTED_AT;
import static io.aftermath.shared.ledger.LedgerSchema.COUNT;
import static io.aftermath.shared.ledger.LedgerSchema.EVENTS;
import static io.aftermath.shared.ledger.LedgerSchema.ID;
import static io.aftermath.shared.ledger.LedgerSchema.SEQUENCE;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/** A commit document as read back: events [position, end) in one atomic unit. */
record StoredCommit(long position, int count, Instant committedAt, BsonDocument document) {

    static StoredCommit of(BsonDocument document) {
        return new StoredCommit(document.getInt64(ID).getValue(), document.getInt32(COUNT).getValue(),
                Instant.ofEpochMilli(document.getDateTime(COMMITTED_AT).getValue()), document);
    }

    long end() {
        return position + count;
    }

    /** Positions that hold no event: see {@link LedgerSchema}. */
    boolean isVoid() {
        return document.containsKey(LedgerSchema.VOID);
    }

    List<BsonDocument> events() {
        List<BsonDocument> events = new ArrayList<>(count);
        for (BsonValue event : document.getArray(EVENTS)) {
            events.add(event.asDocument());
        }
        return events;
    }

    /** This commit's events of one stream, in sequence order (a commit holds each stream's events contiguously). */
    List<BsonDocument> eventsOf(String aggregateId) {
        List<BsonDocument> events = new ArrayList<>();
        for (BsonValue value : document.getArray(EVENTS)) {
            BsonDocument event = value.asDocument();
            if (aggregateId.equals(event.getString(AGGREGATE_ID).getValue())) {
                events.add(event);
            }
        }
        return events;
    }

    static long sequenceOf(BsonDocument event) {
        return event.getInt64(SEQUENCE).getValue();
    }
}
