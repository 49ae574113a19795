package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * The appender lays out a commit's bytes by hand. They must be exactly what the driver would encode
 * for the documented commit, element for element, with any stream keys (multi-byte ones included)
 * and more than ten events (two-digit array indexes).
 */
class CommitDocumentProperties {

    @Property(tries = 300)
    void laid_out_bytes_are_the_documented_commit(@ForAll long position, @ForAll long committedAt,
                                                  @ForAll @Size(min = 1, max = 14) List<@StringLength(max = 20) String> streamKeys,
                                                  @ForAll("events") List<BsonDocument> events) {
        List<SealedEvent> sealed = new ArrayList<>();
        for (BsonDocument event : events) {
            byte[] bson = bytes(new RawBsonDocument(event, new BsonDocumentCodec()));
            sealed.add(new SealedEvent("aggregate", 0, "hash", bson));
        }

        RawBsonDocument laidOut = CommitDocument.of(position, streamKeys, committedAt, sealed);

        BsonDocument documented = new BsonDocument(LedgerSchema.ID, new BsonInt64(position))
                .append(LedgerSchema.STREAMS, new BsonArray(streamKeys.stream().map(BsonString::new).toList()))
                .append(LedgerSchema.COMMITTED_AT, new BsonDateTime(committedAt))
                .append(LedgerSchema.COUNT, new BsonInt32(events.size()))
                .append(LedgerSchema.EVENTS, new BsonArray(events));
        byte[] expected = bytes(new RawBsonDocument(documented, new BsonDocumentCodec()));
        assertThat(bytes(laidOut)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<BsonDocument>> events() {
        Arbitrary<BsonDocument> event = Arbitraries.strings().ofMaxLength(40).map(text -> new BsonDocument("text", new BsonString(text)));
        return event.list().ofMinSize(1).ofMaxSize(25);
    }

    private static byte[] bytes(RawBsonDocument document) {
        var buffer = document.getByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
