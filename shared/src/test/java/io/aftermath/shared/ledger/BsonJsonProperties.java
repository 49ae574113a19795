package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonElement;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Stored bytes convert to the same JSON as the driver's document tree of them. */
class BsonJsonProperties {

    @Property(tries = 1000)
    void stored_bytes_read_as_their_tree_reads(@ForAll("documents") BsonDocument document) {
        RawBsonDocument stored = new RawBsonDocument(document, new BsonDocumentCodec());

        assertThat(BsonJson.toJson(stored)).isEqualTo(BsonJson.toJson(document));
    }

    @Provide
    Arbitrary<BsonDocument> documents() {
        return document(3);
    }

    private Arbitrary<BsonDocument> document(int depth) {
        Arbitrary<BsonElement> element = Arbitraries.strings().withChars("abcxyz").ofMinLength(1).ofMaxLength(3)
                .flatMap(name -> value(depth).map(value -> new BsonElement(name, value)));
        return element.list().ofMaxSize(5).map(elements -> new BsonDocument(new ArrayList<>(elements)));
    }

    private Arbitrary<BsonValue> value(int depth) {
        List<Arbitrary<BsonValue>> choices = new ArrayList<>(List.of(
                Arbitraries.strings().ofMaxLength(8).map(BsonString::new),
                Arbitraries.of(true, false).map(BsonBoolean::valueOf),
                Arbitraries.integers().map(BsonInt32::new),
                Arbitraries.longs().map(BsonInt64::new),
                Arbitraries.doubles().map(BsonDouble::new),
                Arbitraries.bigDecimals().between(BigDecimal.valueOf(-1_000_000), BigDecimal.valueOf(1_000_000))
                        .ofScale(4).map(d -> new BsonDecimal128(new Decimal128(d))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6).map(BsonBinary::new),
                Arbitraries.just(BsonNull.VALUE),
                Arbitraries.just(new BsonUndefined()),
                Arbitraries.longs().map(BsonDateTime::new)));
        if (depth > 0) {
            choices.add(document(depth - 1).map(BsonValue.class::cast));
            choices.add(value(depth - 1).list().ofMaxSize(4).map(values -> new BsonArray(values)));
        }
        return Arbitraries.oneOf(choices);
    }
}
