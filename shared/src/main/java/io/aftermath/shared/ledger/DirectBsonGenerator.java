package io.aftermath.shared.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

import org.bson.types.Decimal128;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.base.GeneratorBase;
import com.fasterxml.jackson.core.json.JsonWriteContext;

/**
 * Jackson's tokens written straight into a {@link BsonOutput}, as {@link BsonJson#write} writes the
 * tree {@code valueToTree} would build from them: the append path no longer builds a tree per event
 * only to walk it once. Only tokens whose tree form is fixed are taken. The rest (raw values, numbers
 * as text, {@code BigDecimal}s, which the tree may normalise, and repeated field names, where the tree
 * keeps the last) are refused with {@link NotDirect}, and the caller takes the tree path instead, so
 * both paths give the same bytes.
 */
final class DirectBsonGenerator extends GeneratorBase {

    /** A token this generator does not write the way the tree path would. */
    static final class NotDirect extends JsonGenerationException {

        NotDirect(String token, JsonGenerator generator) {
            super("Not written directly: " + token, generator);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // a routine signal to take the tree path, not a failure to trace
        }
    }

    private static final int FEATURES = JsonGenerator.Feature.collectDefaults();
    /**
     * Repeated names are looked for by comparing with the object's earlier ones, which allocates
     * nothing (Jackson's detector builds a hash set per object past two fields); larger objects take
     * the tree path rather than cost quadratic time.
     */
    private static final int MAX_CHECKED_FIELDS = 64;

    private static final String START_OBJECT = "start an object";

    private final BsonOutput output;
    private final boolean documentOnly;
    /** The field names of every open object, each object's after its parent's. */
    private String[] names = new String[16];
    private int nameCount;
    private int[] objectStarts = new int[4];
    private int openObjects;

    /** With {@code documentOnly}, a value other than an object is refused: the tree path writes it as an empty document. */
    DirectBsonGenerator(BsonOutput output, ObjectCodec codec, boolean documentOnly) {
        super(FEATURES, codec);
        this.output = output;
        this.documentOnly = documentOnly;
    }

    @Override
    public void writeStartArray() throws IOException {
        _verifyValueWrite("start an array");
        _writeContext = _writeContext.createChildArrayContext(null);
        output.writeStartArray();
    }

    @Override
    public void writeEndArray() throws IOException {
        _writeContext = _writeContext.clearAndGetParent();
        output.writeEndArray();
    }

    @Override
    public void writeStartObject() throws IOException {
        _verifyValueWrite(START_OBJECT);
        _writeContext = _writeContext.createChildObjectContext(null);
        if (openObjects == objectStarts.length) {
            objectStarts = Arrays.copyOf(objectStarts, openObjects * 2);
        }
        objectStarts[openObjects++] = nameCount;
        output.writeStartDocument();
    }

    @Override
    public void writeEndObject() throws IOException {
        _writeContext = _writeContext.clearAndGetParent();
        nameCount = objectStarts[--openObjects];
        output.writeEndDocument();
    }

    @Override
    public void writeFieldName(String name) throws IOException {
        if (_writeContext.writeFieldName(name) == JsonWriteContext.STATUS_EXPECT_VALUE) {
            _reportError("A field name where a value was expected");
        }
        remember(name);
        output.writeName(name);
    }

    private void remember(String name) throws NotDirect {
        int start = objectStarts[openObjects - 1];
        if (nameCount - start == MAX_CHECKED_FIELDS) {
            throw new NotDirect("an object of more than " + MAX_CHECKED_FIELDS + " fields", this);
        }
        for (int i = start; i < nameCount; i++) {
            if (names[i].equals(name)) {
                throw new NotDirect("a repeated field name", this);
            }
        }
        if (nameCount == names.length) {
            names = Arrays.copyOf(names, nameCount * 2);
        }
        names[nameCount++] = name;
    }

    @Override
    public void writeFieldName(SerializableString name) throws IOException {
        writeFieldName(name.getValue());
    }

    @Override
    public void writeString(String text) throws IOException {
        if (text == null) {
            writeNull();
            return;
        }
        _verifyValueWrite("write a string");
        output.writeString(text);
    }

    @Override
    public void writeString(char[] text, int offset, int length) throws IOException {
        writeString(new String(text, offset, length));
    }

    @Override
    public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
        throw new NotDirect("raw UTF-8 string", this);
    }

    @Override
    public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
        throw new NotDirect("UTF-8 string", this);
    }

    // GeneratorBase writes raw values through these, so they are refused here too.
    @Override
    public void writeRaw(String text) throws IOException {
        throw new NotDirect("raw text", this);
    }

    @Override
    public void writeRaw(String text, int offset, int length) throws IOException {
        throw new NotDirect("raw text", this);
    }

    @Override
    public void writeRaw(char[] text, int offset, int length) throws IOException {
        throw new NotDirect("raw text", this);
    }

    @Override
    public void writeRaw(char c) throws IOException {
        throw new NotDirect("raw text", this);
    }

    @Override
    public void writeBinary(Base64Variant variant, byte[] data, int offset, int length) throws IOException {
        _verifyValueWrite("write binary data");
        output.writeBinary(data, offset, length);
    }

    @Override
    public int writeBinary(Base64Variant variant, InputStream data, int length) throws IOException {
        throw new NotDirect("binary stream", this);
    }

    @Override
    public void writeNumber(int value) throws IOException {
        _verifyValueWrite("write a number");
        output.writeInt32(value);
    }

    @Override
    public void writeNumber(long value) throws IOException {
        _verifyValueWrite("write a number");
        output.writeInt64(value);
    }

    @Override
    public void writeNumber(BigInteger value) throws IOException {
        if (value == null) {
            writeNull();
            return;
        }
        _verifyValueWrite("write a number");
        if (value.bitLength() < 64) {
            output.writeInt64(value.longValue());
        } else {
            output.writeDecimal128(new Decimal128(new BigDecimal(value)));
        }
    }

    @Override
    public void writeNumber(double value) throws IOException {
        _verifyValueWrite("write a number");
        output.writeDouble(value);
    }

    @Override
    public void writeNumber(float value) throws IOException {
        _verifyValueWrite("write a number");
        output.writeDouble(value);
    }

    @Override
    public void writeNumber(BigDecimal value) throws IOException {
        throw new NotDirect("BigDecimal", this);
    }

    @Override
    public void writeNumber(String encodedValue) throws IOException {
        throw new NotDirect("number as text", this);
    }

    @Override
    public void writeBoolean(boolean state) throws IOException {
        _verifyValueWrite("write a boolean");
        output.writeBoolean(state);
    }

    @Override
    public void writeNull() throws IOException {
        _verifyValueWrite("write a null");
        output.writeNull();
    }

    @Override
    public void flush() {
        // Nothing is buffered here: the output's owner decides when its bytes are complete.
    }

    @Override
    protected void _releaseBuffers() {
        // No buffers of its own.
    }

    @Override
    protected void _verifyValueWrite(String typeMsg) throws IOException {
        if (documentOnly && _writeContext.inRoot() && !START_OBJECT.equals(typeMsg)) {
            throw new NotDirect("a value other than an object where a document is written", this);
        }
        if (_writeContext.writeValue() == JsonWriteContext.STATUS_EXPECT_NAME) {
            _reportError("Cannot " + typeMsg + ": a field name was expected");
        }
    }
}
