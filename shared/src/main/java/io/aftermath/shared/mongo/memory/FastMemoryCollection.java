package io.aftermath.shared.mongo.memory;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;
import io.aftermath.shared.mongo.index.InListMatch;
import io.aftermath.shared.mongo.stats.DataSizeOnDemand;

/** A memory collection matching key lookups with {@link InListMatch} and sizing itself on demand. */
final class FastMemoryCollection extends MemoryCollection {

    private final InListMatch inList = new InListMatch();

    FastMemoryCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                         CursorRegistry cursorRegistry) {
        super(database, collectionName, options, cursorRegistry);
    }

    @Override
    protected boolean documentMatchesQuery(Document document, Document query) {
        return inList.matches(document, query, super::documentMatchesQuery);
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    /** Under the collection's lock, like every change to the documents it walks. */
    @Override
    protected synchronized int getDataSize() {
        return DataSizeOnDemand.of(streamAllDocumentsWithPosition().map(DocumentWithPosition::getDocument));
    }
}
