package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.axonframework.serialization.SimpleSerializedType;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.types.Decimal128;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The appender assembles stored events from pre-encoded bytes. Whatever the payload, the result must
 * be the document the conversion rules define (checked against a tree built independently, the way
 * the ledger built it before bytes were assembled), and its hash must be the one the verifier
 * recomputes from the decoded document.
 */
class SealedEventProperties {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property(tries = 500)
    void stored_bytes_are_the_documented_event_and_the_verifier_agrees_with_the_hash(
            @ForAll("payloads") JsonNode payload, @ForAll("payloads") JsonNode metaData,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long position,
            @ForAll("hashes") String previousHash, @ForAll("names") String aggregateType,
            @ForAll("names") String revision) {
        Instant timestamp = Instant.ofEpochMilli(1_700_000_000_000L + position % 1000);
        PendingEvent pending = PendingEvents.fromTrees("event-" + position, aggregateType, "aggregate-é", 7, timestamp,
                new SimpleSerializedType("io.example.Payload", revision), payload, metaData);

        SealedEvent sealed = pending.seal(position, previousHash, EventHasher.newDigest());
        BsonDocument stored = new BsonDocumentCodec().decode(
                new RawBsonDocument(sealed.bson()).asBsonReader(), DecoderContext.builder().build());

        BsonDocument expected = new BsonDocument()
                .append("position", new BsonInt64(position))
                .append("eventId", new BsonString("event-" + position))
                .append("aggregateType", aggregateType == null ? BsonNull.VALUE : new BsonString(aggregateType))
                .append("aggregateId", new BsonString("aggregate-é"))
                .append("sequence", new BsonInt64(7))
                .append("timestamp", new BsonDateTime(timestamp.toEpochMilli()))
                .append("payloadType", new BsonString("io.example.Payload"))
                .append("payloadRevision", revision == null ? BsonNull.VALUE : new BsonString(revision))
                .append("payload", reference(payload))
                .append("metaData", metaData.isObject() ? reference(metaData) : new BsonDocument())
                .append("previousHash", new BsonString(previousHash))
                .append("hash", new BsonString(sealed.hash()));
        assertThat(stored).isEqualTo(expected);
        assertThat(List.copyOf(stored.keySet())).containsExactlyElementsOf(expected.keySet());
        assertThat(EventHasher.hash(stored)).isEqualTo(sealed.hash());
        assertThat(BsonJson.toBson(payload)).isEqualTo(reference(payload));
    }

    /** JSON to BSON as the ledger has always stored it, written out independently of {@link BsonJson}. */
    private static BsonValue reference(JsonNode node) {
        if (node.isObject()) {
            BsonDocument document = new BsonDocument();
            node.fields().forEachRemaining((Map.Entry<String, JsonNode> field) ->
                    document.append(field.getKey(), reference(field.getValue())));
            return document;
        }
        if (node.isArray()) {
            BsonArray array = new BsonArray();
            node.forEach(element -> array.add(reference(element)));
            return array;
        }
        if (node.isTextual()) {
            return new BsonString(node.textValue());
        }
        if (node.isBoolean()) {
            return BsonBoolean.valueOf(node.booleanValue());
        }
        if (node.isBinary()) {
            return new BsonBinary(((com.fasterxml.jackson.databind.node.BinaryNode) node).binaryValue());
        }
        if (node.isInt() || node.isShort()) {
            return new BsonInt32(node.intValue());
        }
        if (node.isLong()) {
            return new BsonInt64(node.longValue());
        }
        if (node.isBigInteger()) {
            return node.bigIntegerValue().bitLength() < 64 ? new BsonInt64(node.longValue())
                    : new BsonDecimal128(new Decimal128(new BigDecimal(node.bigIntegerValue())));
        }
        if (node.isBigDecimal()) {
            return new BsonDecimal128(new Decimal128(node.decimalValue()));
        }
        if (node.isNumber()) {
            return new BsonDouble(node.doubleValue());
        }
        return BsonNull.VALUE;
    }

    @Provide
    Arbitrary<String> hashes() {
        return Arbitraries.oneOf(Arbitraries.just(EventHasher.GENESIS),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().ofMaxLength(12).excludeChars('\0').injectNull(0.3);
    }

    @Provide
    Arbitrary<JsonNode> payloads() {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(NODES::textNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(NODES::numberNode),
                Arbitraries.bigDecimals().ofScale(4).between(new BigDecimal("-1e9"), new BigDecimal("1e9"))
                        .map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(NODES::binaryNode),
                Arbitraries.just(NODES.nullNode()));
        return Arbitraries.recursive(() -> scalars,
                inner -> Arbitraries.oneOf(inner, arrays(inner), objects(inner)), 0, 3);
    }

    private static Arbitrary<JsonNode> arrays(Arbitrary<JsonNode> elementsOf) {
        return elementsOf.list().ofMaxSize(3).map(elements -> {
            ArrayNode array = NODES.arrayNode();
            elements.forEach(array::add);
            return array;
        });
    }

    private static Arbitrary<JsonNode> objects(Arbitrary<JsonNode> valuesOf) {
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5), valuesOf).ofMaxSize(3)
                .map(fields -> {
                    ObjectNode object = NODES.objectNode();
                    fields.forEach(object::set);
                    return object;
                });
    }
}
