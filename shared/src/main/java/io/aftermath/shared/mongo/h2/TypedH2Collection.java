package io.aftermath.shared.mongo.h2;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import io.aftermath.shared.mongo.index.InListMatch;
import io.aftermath.shared.mongo.stats.DataSizeOnDemand;

/**
 * An H2 collection matching key lookups with {@link InListMatch} and sizing itself on demand. The
 * size mongo-java-server kept in the collection's meta map, in files written before, is left unread.
 */
final class TypedH2Collection extends H2Collection {

    private final InListMatch inList = new InListMatch();

    TypedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                      MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, data, meta, cursorRegistry);
    }

    @Override
    protected boolean documentMatchesQuery(Document document, Document query) {
        return inList.matches(document, query, super::documentMatchesQuery);
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected synchronized int getDataSize() {
        return DataSizeOnDemand.of(streamAllDocumentsWithPosition().map(DocumentWithPosition::getDocument));
    }
}
