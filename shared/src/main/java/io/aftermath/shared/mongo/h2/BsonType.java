package io.aftermath.shared.mongo.h2;

import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import de.bwaldvogel.mongo.bson.Document;

/** MVStore keys and values as BSON (see {@link BsonValueCodec}), ordered as MongoDB orders values. */
final class BsonType<T> extends BasicDataType<T> {

    /** Document ids and index positions. */
    static final BsonType<Object> VALUES = new BsonType<>(BsonValueCodec::writeValue, BsonValueCodec::readValue,
            Object[]::new);
    /** Stored documents, as plain BSON rather than Java serialization (several times smaller and faster). */
    static final BsonType<Document> DOCUMENTS = new BsonType<>(BsonValueCodec::writeDocument,
            BsonValueCodec::readDocument, Document[]::new);

    private final BiConsumer<WriteBuffer, T> writer;
    private final Function<ByteBuffer, T> reader;
    private final IntFunction<T[]> storage;

    private BsonType(BiConsumer<WriteBuffer, T> writer, Function<ByteBuffer, T> reader, IntFunction<T[]> storage) {
        this.writer = writer;
        this.reader = reader;
        this.storage = storage;
    }

    @Override
    public int compare(T a, T b) {
        return BsonValueCodec.compare(a, b);
    }

    @Override
    public int getMemory(T value) {
        return BsonValueCodec.estimatedMemory(value);
    }

    @Override
    public void write(WriteBuffer out, T value) {
        writer.accept(out, value);
    }

    @Override
    public T read(ByteBuffer in) {
        return reader.apply(in);
    }

    @Override
    public T[] createStorage(int size) {
        return storage.apply(size);
    }
}
