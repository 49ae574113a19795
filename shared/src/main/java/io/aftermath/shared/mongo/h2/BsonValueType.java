package io.aftermath.shared.mongo.h2;

import java.nio.ByteBuffer;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/** Document ids and index positions as BSON values, ordered as MongoDB orders them. */
final class BsonValueType extends BasicDataType<Object> {

    static final BsonValueType INSTANCE = new BsonValueType();

    private BsonValueType() {
    }

    @Override
    public int compare(Object a, Object b) {
        return BsonValueCodec.compare(a, b);
    }

    @Override
    public int getMemory(Object value) {
        return BsonValueCodec.estimatedMemory(value);
    }

    @Override
    public void write(WriteBuffer out, Object value) {
        BsonValueCodec.writeValue(out, value);
    }

    @Override
    public Object read(ByteBuffer in) {
        return BsonValueCodec.readValue(in);
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }
}
