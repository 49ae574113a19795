package io.aftermath.shared.ledger;

import java.util.Arrays;

import org.bson.BsonSerializationException;
import org.bson.BsonType;
import org.bson.types.Decimal128;

import io.aftermath.shared.text.PlainText;

/**
 * BSON laid out straight into a growing array, for the events callers encode on the append path.
 * The driver's {@code BsonBinaryWriter} checks a state machine and a name validator on every value,
 * which this fixed use cannot get wrong. The bytes are the driver's, byte for byte, including its
 * encoding of unpaired surrogates (three bytes, not {@code String.getBytes}'s '?'), which
 * {@code DirectBsonProperties} holds against it.
 * <p>
 * Like a {@code BsonWriter}: a value is written after the name it goes under, and inside an array
 * the name is the element's index.
 */
final class BsonOutput {

    private static final int NOT_AN_ARRAY = -1;
    /** The driver's default {@code maxSerializationDepth}: deeper values fail there, so they fail here. */
    private static final int MAX_DEPTH = 1024;

    private byte[] bytes;
    private int size;
    private String pendingName;
    /** Per open document or array: where its length goes, and its next index (arrays only). */
    private int[] starts = new int[8];
    private int[] nextIndexes = new int[8];
    private int depth;

    BsonOutput(int expectedSize) {
        this.bytes = new byte[expectedSize];
    }

    void writeName(String name) {
        pendingName = name;
    }

    /** The top-level document; its elements are written with their names. */
    void writeStartDocument() {
        if (depth == 0) {
            open(NOT_AN_ARRAY);
        } else {
            element(BsonType.DOCUMENT);
            open(NOT_AN_ARRAY);
        }
    }

    void writeEndDocument() {
        close();
    }

    void writeStartArray() {
        element(BsonType.ARRAY);
        open(0);
    }

    void writeEndArray() {
        close();
    }

    void writeString(String value) {
        element(BsonType.STRING);
        int lengthAt = size;
        size += Integer.BYTES;
        int length = characters(value, false);
        putInt(lengthAt, length);
    }

    void writeInt32(int value) {
        element(BsonType.INT32);
        int32(value);
    }

    void writeInt64(long value) {
        element(BsonType.INT64);
        int64(value);
    }

    void writeDateTime(long millis) {
        element(BsonType.DATE_TIME);
        int64(millis);
    }

    void writeDouble(double value) {
        element(BsonType.DOUBLE);
        int64(Double.doubleToRawLongBits(value));
    }

    void writeDecimal128(Decimal128 value) {
        element(BsonType.DECIMAL128);
        int64(value.getLow());
        int64(value.getHigh());
    }

    void writeBoolean(boolean value) {
        element(BsonType.BOOLEAN);
        ensure(1);
        bytes[size++] = (byte) (value ? 1 : 0);
    }

    void writeNull() {
        element(BsonType.NULL);
    }

    /** Binary data of the generic subtype, as {@code new BsonBinary(data)} is written. */
    void writeBinary(byte[] data, int offset, int length) {
        element(BsonType.BINARY);
        int32(length);
        ensure(1 + length);
        bytes[size++] = 0;
        System.arraycopy(data, offset, bytes, size, length);
        size += length;
    }

    /** A value encoded elsewhere: its type and the bytes that follow an element's name. */
    void writeEncoded(BsonType type, byte[] value, int offset, int length) {
        element(type);
        ensure(length);
        System.arraycopy(value, offset, bytes, size, length);
        size += length;
    }

    /**
     * The finished top-level document at the start of the output's own buffer, which may run past
     * its end (the document's length is its first four bytes). Not copied to size: the caller's
     * event would otherwise be copied once more on its way to the commit document.
     */
    byte[] document() {
        return bytes;
    }

    private void element(BsonType type) {
        ensure(1);
        bytes[size++] = (byte) type.getValue();
        if (depth > 0 && nextIndexes[depth - 1] != NOT_AN_ARRAY) {
            cString(Integer.toString(nextIndexes[depth - 1]++));
        } else {
            cString(pendingName);
        }
        pendingName = null;
    }

    private void open(int nextIndex) {
        if (depth == MAX_DEPTH) {
            throw new BsonSerializationException("Maximum serialization depth exceeded (does the object being "
                    + "serialized have a circular reference?).");
        }
        if (depth == starts.length) {
            starts = Arrays.copyOf(starts, depth * 2);
            nextIndexes = Arrays.copyOf(nextIndexes, depth * 2);
        }
        starts[depth] = size;
        nextIndexes[depth] = nextIndex;
        depth++;
        ensure(Integer.BYTES);
        size += Integer.BYTES;
    }

    private void close() {
        ensure(1);
        bytes[size++] = 0;
        depth--;
        putInt(starts[depth], size - starts[depth]);
    }

    private void cString(String name) {
        if (name == null) {
            throw new BsonSerializationException("A BSON element needs a name");
        }
        characters(name, true);
    }

    /** UTF-8 as the driver's output buffer encodes it (but for unpaired surrogates), then the terminating zero; the bytes written. */
    private int characters(String value, boolean refuseNull) {
        int length = value.length();
        ensure(length + 1);
        int start = size;
        int i = 0;
        for (; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80 || (refuseNull && c == 0)) {
                break;
            }
            bytes[size++] = (byte) c;
        }
        while (i < length) {
            int codePoint = Character.codePointAt(value, i);
            if (refuseNull && codePoint == 0) {
                throw new BsonSerializationException("BSON cString '" + value + "' is not valid because it contains a null character");
            }
            // An unpaired surrogate is written as U+FFFD, what a reader decodes it to (see WellFormedText).
            codePoint(PlainText.isUnpairedSurrogate(codePoint) ? PlainText.REPLACEMENT : codePoint);
            i += Character.charCount(codePoint);
        }
        ensure(1);
        bytes[size++] = 0;
        return size - start;
    }

    private void codePoint(int c) {
        ensure(4);
        if (c < 0x80) {
            bytes[size++] = (byte) c;
        } else if (c < 0x800) {
            bytes[size++] = (byte) (0xc0 + (c >> 6));
            bytes[size++] = (byte) (0x80 + (c & 0x3f));
        } else if (c < 0x10000) {
            bytes[size++] = (byte) (0xe0 + (c >> 12));
            bytes[size++] = (byte) (0x80 + ((c >> 6) & 0x3f));
            bytes[size++] = (byte) (0x80 + (c & 0x3f));
        } else {
            bytes[size++] = (byte) (0xf0 + (c >> 18));
            bytes[size++] = (byte) (0x80 + ((c >> 12) & 0x3f));
            bytes[size++] = (byte) (0x80 + ((c >> 6) & 0x3f));
            bytes[size++] = (byte) (0x80 + (c & 0x3f));
        }
    }

    private void int32(int value) {
        ensure(Integer.BYTES);
        putInt(size, value);
        size += Integer.BYTES;
    }

    private void int64(long value) {
        ensure(Long.BYTES);
        for (int i = 0; i < Long.BYTES; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    private void putInt(int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) (value >>> 16);
        bytes[at + 3] = (byte) (value >>> 24);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
