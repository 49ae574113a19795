package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.COMMITTED_AT;
import static io.aftermath.shared.ledger.LedgerSchema.COUNT;
import static io.aftermath.shared.ledger.LedgerSchema.EVENTS;
import static io.aftermath.shared.ledger.LedgerSchema.ID;
import static io.aftermath.shared.ledger.LedgerSchema.STREAMS;

import java.nio.ByteBuffer;
import java.util.List;

import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;

/** A commit's BSON, written once by the appender; the driver sends these bytes as they are. */
final class CommitDocument {

    private static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

    private CommitDocument() {
    }

    static RawBsonDocument of(long position, List<String> streamKeys, long committedAt, List<SealedEvent> events) {
        int eventBytes = events.stream().mapToInt(event -> event.bson().length + 8).sum();
        BasicOutputBuffer buffer = new BasicOutputBuffer(128 + eventBytes + 64 * streamKeys.size());
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writer.writeStartDocument();
            writer.writeInt64(ID, position);
            writer.writeStartArray(STREAMS);
            streamKeys.forEach(writer::writeString);
            writer.writeEndArray();
            writer.writeDateTime(COMMITTED_AT, committedAt);
            writer.writeInt32(COUNT, events.size());
            writer.writeStartArray(EVENTS);
            for (SealedEvent event : events) {
                writer.pipe(new BsonBinaryReader(ByteBuffer.wrap(event.bson())));
            }
            writer.writeEndArray();
            writer.writeEndDocument();
        }
        if (buffer.getPosition() > MAX_DOCUMENT_BYTES) {
            // Refused here rather than by the driver, which would fail the whole batch with it.
            throw Conflicts.rejected("A commit of " + buffer.getPosition() + " bytes exceeds the "
                    + MAX_DOCUMENT_BYTES + " bytes a MongoDB document may hold");
        }
        return new RawBsonDocument(buffer.getInternalBuffer(), 0, buffer.getPosition());
    }
}
