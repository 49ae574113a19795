package io.aftermath.shared.mongo.h2;

import java.nio.ByteBuffer;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import de.bwaldvogel.mongo.bson.Document;

/** Stored documents as plain BSON rather than Java serialization (several times smaller and faster). */
final class DocumentType extends BasicDataType<Document> {

    static final DocumentType INSTANCE = new DocumentType();

    private DocumentType() {
    }

    @Override
    public int getMemory(Document document) {
        return BsonValueCodec.estimatedMemory(document);
    }

    @Override
    public void write(WriteBuffer out, Document document) {
        BsonValueCodec.writeDocument(out, document);
    }

    @Override
    public Document read(ByteBuffer in) {
        return BsonValueCodec.readDocument(in);
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
