package io.aftermath.shared.mongo.h2;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import de.bwaldvogel.mongo.backend.KeyValue;

/**
 * Unique-index keys. H2's default type cannot compare them natively and Java-serializes both sides
 * on every comparison of every lookup: measured, that was over 80 % of an embedded insert.
 */
final class KeyValueType extends BasicDataType<KeyValue> {

    static final KeyValueType INSTANCE = new KeyValueType();

    private KeyValueType() {
    }

    @Override
    public int compare(KeyValue a, KeyValue b) {
        int shared = Math.min(a.size(), b.size());
        for (int i = 0; i < shared; i++) {
            int order = BsonValueCodec.compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public int getMemory(KeyValue key) {
        int size = 40;
        for (Object value : key) {
            size += 8 + BsonValueCodec.estimatedMemory(value);
        }
        return size;
    }

    @Override
    public void write(WriteBuffer out, KeyValue key) {
        out.putVarInt(key.size());
        for (Object value : key) {
            BsonValueCodec.writeValue(out, value);
        }
    }

    @Override
    public KeyValue read(ByteBuffer in) {
        int size = DataUtils.readVarInt(in);
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(BsonValueCodec.readValue(in));
        }
        return new KeyValue(values);
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }
}
