package io.aftermath.shared.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

import org.bson.BsonBinary;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.BsonWriter;
import org.bson.RawBsonDocument;
import org.bson.codecs.Decoder;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts Jackson trees to BSON and back without a detour through JSON text. Payloads are stored as
 * real BSON documents so that any MongoDB tool can read and query them, and the conversion is
 * lossless for everything Jackson produces from our records, which the hash chain relies on.
 */
public final class BsonJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String HOLDER_FIELD = "value";

    private BsonJson() {
    }

    public static BsonValue toBson(JsonNode node) {
        BsonDocument holder = new BsonDocument();
        BsonDocumentWriter writer = new BsonDocumentWriter(holder);
        writer.writeStartDocument();
        writer.writeName(HOLDER_FIELD);
        write(writer, node);
        writer.writeEndDocument();
        return holder.get(HOLDER_FIELD);
    }

    public static BsonDocument toBsonDocument(JsonNode node) {
        BsonDocument document = new BsonDocument();
        writeDocument(new BsonDocumentWriter(document), node);
        return document;
    }

    /**
     * Writes the node's BSON form at the writer's current name. This is the one definition of the
     * conversion: the trees above are built through it, and the append path writes events' bytes
     * with it directly, so both give the same bytes, which the hash chain relies on.
     */
    public static void write(BsonWriter writer, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> writeDocument(writer, node);
            case ARRAY -> {
                writer.writeStartArray();
                node.forEach(element -> write(writer, element));
                writer.writeEndArray();
            }
            case STRING -> writer.writeString(WellFormedText.of(node.textValue()));
            case BOOLEAN -> writer.writeBoolean(node.booleanValue());
            case NUMBER -> writeNumber(writer, node);
            case BINARY -> writer.writeBinaryData(new BsonBinary(binary(node)));
            case NULL, MISSING -> writer.writeNull();
            case POJO -> writer.writeString(WellFormedText.of(node.asText()));
        }
    }

    /** Writes the node's fields as a document; a node without fields (not an object) gives an empty one. */
    public static void writeDocument(BsonWriter writer, JsonNode node) {
        writer.writeStartDocument();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            writer.writeName(WellFormedText.of(field.getKey()));
            write(writer, field.getValue());
        }
        writer.writeEndDocument();
    }

    /** The node's BSON form as {@link #write} gives it, for the event encoder's output. */
    static BsonContent content(JsonNode node) {
        return encoded(writer -> write(writer, node));
    }

    /** The node's fields as a document, as {@link #writeDocument} gives it, for the event encoder's output. */
    static BsonContent documentContent(JsonNode node) {
        return encoded(writer -> writeDocument(writer, node));
    }

    /** Written into a one-field holder by the driver's writer; the field's type and value bytes are spliced in. */
    private static BsonContent encoded(Consumer<BsonWriter> value) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writer.writeStartDocument();
            writer.writeName(HOLDER_FIELD);
            value.accept(writer);
            writer.writeEndDocument();
        }
        byte[] holder = buffer.getInternalBuffer();
        BsonType type = BsonType.findByValue(holder[Integer.BYTES]);
        int valueStart = Integer.BYTES + 1 + HOLDER_FIELD.length() + 1;
        int valueLength = buffer.getPosition() - 1 - valueStart;
        return output -> output.writeEncoded(type, holder, valueStart, valueLength);
    }

    public static JsonNode toJson(BsonValue value) {
        if (value instanceof RawBsonDocument stored) {
            // Its bytes through a binary reader: RawBsonDocument's asBsonReader() is BsonDocument's, a full decode.
            return stored.decode((Decoder<ObjectNode>) (reader, context) -> readDocument(reader));
        }
        return switch (value.getBsonType()) {
            case DOCUMENT -> {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<String, BsonValue> field : value.asDocument().entrySet()) {
                    object.set(field.getKey(), toJson(field.getValue()));
                }
                yield object;
            }
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (BsonValue element : value.asArray()) {
                    array.add(toJson(element));
                }
                yield array;
            }
            case STRING -> NODES.textNode(value.asString().getValue());
            case BOOLEAN -> NODES.booleanNode(value.asBoolean().getValue());
            case INT32 -> NODES.numberNode(value.asInt32().getValue());
            case INT64 -> NODES.numberNode(value.asInt64().getValue());
            case DOUBLE -> NODES.numberNode(value.asDouble().getValue());
            case DECIMAL128 -> NODES.numberNode(value.asDecimal128().getValue().bigDecimalValue());
            case BINARY -> NODES.binaryNode(value.asBinary().getData());
            case NULL, UNDEFINED -> NODES.nullNode();
            case DATE_TIME -> NODES.numberNode(value.asDateTime().getValue());
            default -> throw new IllegalArgumentException("Unsupported BSON type in a payload: " + value.getBsonType());
        };
    }

    /**
     * The same conversion as {@link #toJson(BsonValue)}, straight from stored bytes: going through a
     * {@code BsonDocument} first built a map and a wrapper per field only to walk them once.
     */
    private static ObjectNode readDocument(BsonReader reader) {
        ObjectNode object = NODES.objectNode();
        reader.readStartDocument();
        BsonType type;
        while ((type = reader.readBsonType()) != BsonType.END_OF_DOCUMENT) {
            String name = reader.readName();
            object.set(name, readValue(reader, type));
        }
        reader.readEndDocument();
        return object;
    }

    private static JsonNode readValue(BsonReader reader, BsonType type) {
        return switch (type) {
            case DOCUMENT -> readDocument(reader);
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                reader.readStartArray();
                BsonType elementType;
                while ((elementType = reader.readBsonType()) != BsonType.END_OF_DOCUMENT) {
                    array.add(readValue(reader, elementType));
                }
                reader.readEndArray();
                yield array;
            }
            case STRING -> NODES.textNode(reader.readString());
            case BOOLEAN -> NODES.booleanNode(reader.readBoolean());
            case INT32 -> NODES.numberNode(reader.readInt32());
            case INT64 -> NODES.numberNode(reader.readInt64());
            case DOUBLE -> NODES.numberNode(reader.readDouble());
            case DECIMAL128 -> NODES.numberNode(reader.readDecimal128().bigDecimalValue());
            case BINARY -> NODES.binaryNode(reader.readBinaryData().getData());
            case NULL -> {
                reader.readNull();
                yield NODES.nullNode();
            }
            case UNDEFINED -> {
                reader.readUndefined();
                yield NODES.nullNode();
            }
            case DATE_TIME -> NODES.numberNode(reader.readDateTime());
            default -> throw new IllegalArgumentException("Unsupported BSON type in a payload: " + type);
        };
    }

    private static void writeNumber(BsonWriter writer, JsonNode node) {
        if (node.isInt() || node.isShort()) {
            writer.writeInt32(node.intValue());
        } else if (node.isLong()) {
            writer.writeInt64(node.longValue());
        } else if (node.isBigInteger()) {
            BigInteger value = node.bigIntegerValue();
            if (value.bitLength() < 64) {
                writer.writeInt64(value.longValue());
            } else {
                writer.writeDecimal128(new Decimal128(new BigDecimal(value)));
            }
        } else if (node.isBigDecimal()) {
            writer.writeDecimal128(new Decimal128(node.decimalValue()));
        } else {
            writer.writeDouble(node.doubleValue());
        }
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Unreadable binary node", e);
        }
    }
}
