package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.COMMITTED_AT;
import static io.aftermath.shared.ledger.LedgerSchema.COMMIT_SIZES;
import static io.aftermath.shared.ledger.LedgerSchema.COUNT;
import static io.aftermath.shared.ledger.LedgerSchema.EVENTS;
import static io.aftermath.shared.ledger.LedgerSchema.ID;
import static io.aftermath.shared.ledger.LedgerSchema.STREAMS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * A commit's BSON, written once by the appender; the driver sends these bytes as they are. The
 * layout is fixed and the events are BSON already, so the bytes are laid out directly: a
 * {@code BsonBinaryWriter} would re-read every event it pipes, on the single writer's path.
 */
final class CommitDocument {

    private static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
    private static final byte[] ID_NAME = BsonBytes.cString(ID);
    private static final byte[] STREAMS_NAME = BsonBytes.cString(STREAMS);
    private static final byte[] COMMITTED_AT_NAME = BsonBytes.cString(COMMITTED_AT);
    private static final byte[] COUNT_NAME = BsonBytes.cString(COUNT);
    private static final byte[] COMMIT_SIZES_NAME = BsonBytes.cString(COMMIT_SIZES);
    private static final byte[] EVENTS_NAME = BsonBytes.cString(EVENTS);

    private CommitDocument() {
    }

    /** The size of the document {@link #of} lays out for one commit's keys and events. */
    static long length(List<String> streamKeys, List<SealedEvent> events) {
        return length(streamsLength(streamKeys), 0, eventsLength(events));
    }

    private static long length(int streamsLength, int commitSizesLength, long eventsLength) {
        return Integer.BYTES
                + 1 + ID_NAME.length + Long.BYTES
                + 1 + STREAMS_NAME.length + streamsLength
                + 1 + COMMITTED_AT_NAME.length + Long.BYTES
                + 1 + COUNT_NAME.length + Integer.BYTES
                + (commitSizesLength == 0 ? 0 : 1 + COMMIT_SIZES_NAME.length + commitSizesLength)
                + 1 + EVENTS_NAME.length + eventsLength
                + 1;
    }

    /** Refuses a commit too large for a document up front: the driver would fail its whole batch with it. */
    static void checkLength(long length) {
        if (length > MAX_DOCUMENT_BYTES) {
            throw Conflicts.rejected("A commit of " + length + " bytes exceeds the "
                    + MAX_DOCUMENT_BYTES + " bytes a MongoDB document may hold");
        }
    }

    /**
     * {@code commitSizes} counts the events of each commit the document holds, in order; it is stored
     * only for a document of several commits, where it keeps their boundaries.
     */
    static RawBsonDocument of(long position, List<String> streamKeys, long committedAt, List<SealedEvent> events,
                              int[] commitSizes) {
        boolean shared = commitSizes.length > 1;
        int streamsLength = streamsLength(streamKeys);
        int commitSizesLength = shared ? commitSizesLength(commitSizes) : 0;
        long eventsLength = eventsLength(events);
        long length = length(streamsLength, commitSizesLength, eventsLength);
        checkLength(length);
        ByteBuffer out = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt((int) length);
        element(out, BsonType.INT64, ID_NAME).putLong(position);
        element(out, BsonType.ARRAY, STREAMS_NAME).putInt(streamsLength);
        for (int i = 0; i < streamKeys.size(); i++) {
            byte[] key = streamKeys.get(i).getBytes(StandardCharsets.UTF_8);
            element(out, BsonType.STRING, i).putInt(key.length + 1).put(key).put((byte) 0);
        }
        out.put((byte) 0);
        element(out, BsonType.DATE_TIME, COMMITTED_AT_NAME).putLong(committedAt);
        element(out, BsonType.INT32, COUNT_NAME).putInt(events.size());
        if (shared) {
            element(out, BsonType.ARRAY, COMMIT_SIZES_NAME).putInt(commitSizesLength);
            for (int i = 0; i < commitSizes.length; i++) {
                element(out, BsonType.INT32, i).putInt(commitSizes[i]);
            }
            out.put((byte) 0);
        }
        element(out, BsonType.ARRAY, EVENTS_NAME).putInt((int) eventsLength);
        for (int i = 0; i < events.size(); i++) {
            element(out, BsonType.DOCUMENT, i).put(events.get(i).bson());
        }
        out.put((byte) 0).put((byte) 0);
        return new RawBsonDocument(out.array());
    }

    /** A void over {@code count} positions from {@code position}, saying why they hold no event. */
    static RawBsonDocument voidOf(long position, int count, long committedAt, String reason) {
        BsonDocument document = new BsonDocument(ID, new BsonInt64(position))
                .append(STREAMS, new BsonArray(List.of(new BsonString(LedgerSchema.voidKey(position)))))
                .append(COMMITTED_AT, new BsonDateTime(committedAt))
                .append(COUNT, new BsonInt32(count))
                .append(EVENTS, new BsonArray())
                .append(LedgerSchema.VOID, new BsonString(reason));
        return new RawBsonDocument(document, new BsonDocumentCodec());
    }

    private static int streamsLength(List<String> streamKeys) {
        int length = Integer.BYTES + 1;
        for (int i = 0; i < streamKeys.size(); i++) {
            length += 1 + indexNameLength(i) + Integer.BYTES + BsonBytes.utf8Length(streamKeys.get(i)) + 1;
        }
        return length;
    }

    private static int commitSizesLength(int[] commitSizes) {
        int length = Integer.BYTES + 1;
        for (int i = 0; i < commitSizes.length; i++) {
            length += 1 + indexNameLength(i) + Integer.BYTES;
        }
        return length;
    }

    private static long eventsLength(List<SealedEvent> events) {
        long length = Integer.BYTES + 1;
        for (int i = 0; i < events.size(); i++) {
            length += 1 + indexNameLength(i) + events.get(i).bson().length;
        }
        return length;
    }

    private static ByteBuffer element(ByteBuffer out, BsonType type, byte[] name) {
        return out.put((byte) type.getValue()).put(name);
    }

    /** An array element: its name is its index in decimal. */
    private static ByteBuffer element(ByteBuffer out, BsonType type, int index) {
        out.put((byte) type.getValue());
        String name = Integer.toString(index);
        for (int i = 0; i < name.length(); i++) {
            out.put((byte) name.charAt(i));
        }
        return out.put((byte) 0);
    }

    private static int indexNameLength(int index) {
        return Integer.toString(index).length() + 1;
    }
}
