package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.COMMITTED_AT;
import static io.aftermath.shared.ledger.LedgerSchema.COMMIT_SIZES;
import static io.aftermath.shared.ledger.LedgerSchema.COUNT;
import static io.aftermath.shared.ledger.LedgerSchema.EVENTS;
import static io.aftermath.shared.ledger.LedgerSchema.ID;
import static io.aftermath.shared.ledger.LedgerSchema.VOID;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.BsonInvalidOperationException;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;

/**
 * Reads commit documents straight from the driver's reply into {@link StoredCommit}s, each event as an
 * {@link EventDocument}. Commits are written as bytes the appender lays out, never through this codec.
 */
final class StoredCommitCodec implements Codec<StoredCommit> {

    @Override
    public StoredCommit decode(BsonReader reader, DecoderContext context) {
        Long position = null;
        Integer count = null;
        Long committedAt = null;
        boolean isVoid = false;
        List<EventDocument> events = List.of();
        List<Integer> commitSizes = List.of();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            switch (reader.readName()) {
                case ID -> position = wholeNumber(reader);
                case COUNT -> count = Math.toIntExact(wholeNumber(reader));
                case COMMITTED_AT -> committedAt = dateTime(reader);
                case EVENTS -> events = events(reader);
                case COMMIT_SIZES -> commitSizes = commitSizes(reader);
                case VOID -> {
                    isVoid = true;
                    reader.skipValue();
                }
                default -> reader.skipValue();
            }
        }
        reader.readEndDocument();
        if (position == null || count == null || committedAt == null) {
            throw new BsonInvalidOperationException("A commit document lacks its _id, count or committedAt");
        }
        // The count places every later commit: one that disagrees with the events held made replays end
        // early without a word (tester 40), where only the verifier noticed.
        if (!isVoid && events.size() != count) {
            throw new BsonInvalidOperationException("The commit at position " + position + " says " + count
                    + " events but holds " + events.size());
        }
        return new StoredCommit(position, count, Instant.ofEpochMilli(committedAt), isVoid, events, commitSizes);
    }

    /**
     * The ledger writes {@code _id} as a 64-bit and {@code count} as a 32-bit integer; a tool that wrote
     * the other width back (a shell's plain numbers, tester 37) wrote the same number, which every read
     * then failed on.
     */
    private static long wholeNumber(BsonReader reader) {
        return switch (reader.getCurrentBsonType()) {
            case INT64 -> reader.readInt64();
            case INT32 -> reader.readInt32();
            default -> throw new BsonInvalidOperationException("A commit document's " + reader.getCurrentName()
                    + " is a " + reader.getCurrentBsonType() + ", not an integer");
        };
    }

    /** In the words of the document, not of the decoder ("readDateTime can only be called when …"). */
    private static long dateTime(BsonReader reader) {
        if (reader.getCurrentBsonType() != BsonType.DATE_TIME) {
            throw new BsonInvalidOperationException("A commit document's " + reader.getCurrentName() + " is a "
                    + reader.getCurrentBsonType() + ", not a date");
        }
        return reader.readDateTime();
    }

    /** Null where a tool rewrote them into something else than integers: see {@link StoredCommit#commitSizesAgree}. */
    private static List<Integer> commitSizes(BsonReader reader) {
        if (reader.getCurrentBsonType() != BsonType.ARRAY) {
            reader.skipValue();
            return null;
        }
        List<Integer> sizes = new ArrayList<>();
        reader.readStartArray();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            if (reader.getCurrentBsonType() == BsonType.INT32) {
                sizes.add(reader.readInt32());
            } else {
                reader.skipValue();
                sizes = null;
                break;
            }
        }
        if (sizes == null) {
            while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                reader.skipValue();
            }
        }
        reader.readEndArray();
        return sizes;
    }

    private static List<EventDocument> events(BsonReader reader) {
        List<EventDocument> events = new ArrayList<>();
        reader.readStartArray();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            events.add(EventDocument.read(reader).checked());
        }
        reader.readEndArray();
        return events;
    }

    @Override
    public void encode(BsonWriter writer, StoredCommit commit, EncoderContext context) {
        throw new UnsupportedOperationException("Commits are written by the appender, as bytes");
    }

    @Override
    public Class<StoredCommit> getEncoderClass() {
        return StoredCommit.class;
    }
}
