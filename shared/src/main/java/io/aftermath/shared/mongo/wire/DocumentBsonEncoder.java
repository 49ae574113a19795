package io.aftermath.shared.mongo.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;

/**
 * Encodes documents byte for byte as mongo-java-server's {@link BsonEncoder} does, without its costs:
 * that encoder looks every value up again by its key, and copies every array into a fresh document
 * keyed "0", "1", ... (hashing each new key twice) before encoding it. A query's reply is an array
 * of documents holding arrays, so this was most of the server's time in a replay, profiled; the H2
 * backend's commits encode every stored document with it too. Values other than documents, arrays
 * and strings are left to the stock encoder.
 */
public final class DocumentBsonEncoder {

    private static final byte[][] INDEX_NAMES = new byte[1024][];
    private static final VarHandle FIELDS = fieldsOfDocuments();

    static {
        for (int i = 0; i < INDEX_NAMES.length; i++) {
            INDEX_NAMES[i] = cString(Integer.toString(i));
        }
    }

    private DocumentBsonEncoder() {
    }

    public static void encodeDocument(Map<String, ?> document, ByteBuf out) {
        int start = out.writerIndex();
        out.writeIntLE(0);
        fieldsOf(document).forEach((name, value) -> {
            byte type = BsonEncoder.determineType(value);
            out.writeByte(type);
            writeCString(name, out);
            encodeValue(type, value, out);
        });
        out.writeByte(BsonConstants.TERMINATING_BYTE);
        out.setIntLE(start, out.writerIndex() - start);
    }

    /**
     * A stored document's own map, which {@link LinkedHashMap#forEach} walks without a view:
     * {@link Document#entrySet()} hands out its map's entry set, which the map keeps once made.
     * Stored documents live long, so encoding one for the first time left a new object hanging off
     * an old one, for every document and every document nested in it; after a million events were
     * written, the young collections during the first replay had millions of those to trace, taking
     * 0.3 to 4 s each (GC log), and the replay ran at a quarter of its speed.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, ?> fieldsOf(Map<String, ?> document) {
        return document instanceof Document stored ? (Map<String, ?>) FIELDS.get(stored) : document;
    }

    private static VarHandle fieldsOfDocuments() {
        try {
            return MethodHandles.privateLookupIn(Document.class, MethodHandles.lookup())
                    .findVarHandle(Document.class, "documentAsMap", LinkedHashMap.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "mongo-java-server's Document no longer keeps its fields in a LinkedHashMap", e);
        }
    }

    private static void encodeArray(Collection<?> values, ByteBuf out) {
        int start = out.writerIndex();
        out.writeIntLE(0);
        int index = 0;
        for (Object value : values) {
            byte type = BsonEncoder.determineType(value);
            out.writeByte(type);
            out.writeBytes(index < INDEX_NAMES.length ? INDEX_NAMES[index] : cString(Integer.toString(index)));
            encodeValue(type, value, out);
            index++;
        }
        out.writeByte(BsonConstants.TERMINATING_BYTE);
        out.setIntLE(start, out.writerIndex() - start);
    }

    @SuppressWarnings("unchecked")
    private static void encodeValue(byte type, Object value, ByteBuf out) {
        switch (type) {
            case BsonConstants.TYPE_EMBEDDED_DOCUMENT -> encodeDocument((Map<String, ?>) value, out);
            case BsonConstants.TYPE_ARRAY -> encodeArray((Collection<?>) value, out);
            case BsonConstants.TYPE_UTF8_STRING -> writeString(value.toString(), out);
            default -> BsonEncoder.encodeValue(type, value, out);
        }
    }

    private static void writeString(String value, ByteBuf out) {
        if (isAscii(value)) {
            out.writeIntLE(value.length() + 1);
            out.writeCharSequence(value, StandardCharsets.US_ASCII);
        } else {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeIntLE(bytes.length + 1);
            out.writeBytes(bytes);
        }
        out.writeByte(BsonConstants.STRING_TERMINATION);
    }

    private static void writeCString(String name, ByteBuf out) {
        if (isAscii(name)) {
            out.writeCharSequence(name, StandardCharsets.US_ASCII);
        } else {
            out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        }
        out.writeByte(BsonConstants.STRING_TERMINATION);
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static byte[] cString(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }
}
