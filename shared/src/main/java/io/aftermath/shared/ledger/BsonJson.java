package io.aftermath.shared.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
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

    private BsonJson() {
    }

    public static BsonValue toBson(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> toBsonDocument(node);
            case ARRAY -> {
                BsonArray array = new BsonArray();
                node.forEach(element -> array.add(toBson(element)));
                yield array;
            }
            case STRING -> new BsonString(node.textValue());
            case BOOLEAN -> BsonBoolean.valueOf(node.booleanValue());
            case NUMBER -> number(node);
            case BINARY -> new BsonBinary(binary(node));
            case NULL, MISSING -> BsonNull.VALUE;
            case POJO -> new BsonString(node.asText());
        };
    }

    public static BsonDocument toBsonDocument(JsonNode node) {
        BsonDocument document = new BsonDocument();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            document.append(field.getKey(), toBson(field.getValue()));
        }
        return document;
    }

    public static JsonNode toJson(BsonValue value) {
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

    private static BsonValue number(JsonNode node) {
        if (node.isInt() || node.isShort()) {
            return new BsonInt32(node.intValue());
        }
        if (node.isLong()) {
            return new BsonInt64(node.longValue());
        }
        if (node.isBigInteger()) {
            BigInteger value = node.bigIntegerValue();
            return value.bitLength() < 64 ? new BsonInt64(value.longValue())
                    : new BsonDecimal128(new Decimal128(new BigDecimal(value)));
        }
        if (node.isBigDecimal()) {
            return new BsonDecimal128(new Decimal128(node.decimalValue()));
        }
        return new BsonDouble(node.doubleValue());
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Unreadable binary node", e);
        }
    }
}
