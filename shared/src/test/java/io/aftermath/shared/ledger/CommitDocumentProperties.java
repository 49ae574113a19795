package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
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
import net.jqwik.api.constraints.IntRange;
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
                                                  @ForAll("events") List<BsonDocument> events,
                                                  @ForAll @IntRange(min = 1, max = 12) int commits) {
        List<SealedEvent> sealed = new ArrayList<>();
        for (BsonDocument event : events) {
            byte[] bson = bytes(new RawBsonDocument(event, new BsonDocumentCodec()));
            sealed.add(new SealedEvent("aggregate", 0, "hash", bson));
        }
        int[] commitSizes = sizes(events.size(), Math.min(commits, events.size()));

        RawBsonDocument laidOut = CommitDocument.of(position, streamKeys, committedAt, sealed, commitSizes);

        BsonDocument documented = new BsonDocument(LedgerSchema.ID, new BsonInt64(position))
                .append(LedgerSchema.STREAMS, new BsonArray(streamKeys.stream().map(BsonString::new).toList()))
                .append(LedgerSchema.COMMITTED_AT, new BsonDateTime(committedAt))
                .append(LedgerSchema.COUNT, new BsonInt32(events.size()));
        if (commitSizes.length > 1) {
            documented.append(LedgerSchema.COMMIT_SIZES,
                    new BsonArray(Arrays.stream(commitSizes).mapToObj(BsonInt32::new).toList()));
        }
        documented.append(LedgerSchema.EVENTS, new BsonArray(events));
        byte[] expected = bytes(new RawBsonDocument(documented, new BsonDocumentCodec()));
        assertThat(bytes(laidOut)).isEqualTo(expected);
    }

    /** {@code events} split into {@code commits} sizes of at least one, the first taking the rest. */
    private static int[] sizes(int events, int commits) {
        int[] sizes = new int[commits];
        Arrays.fill(sizes, 1);
        sizes[0] += events - commits;
        return sizes;
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
