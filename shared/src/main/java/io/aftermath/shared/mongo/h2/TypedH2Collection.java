package io.aftermath.shared.mongo.h2;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.aftermath.shared.mongo.index.InListMatch;
import io.aftermath.shared.mongo.stats.DataSizeOnDemand;
import io.aftermath.shared.mongo.update.CopyOnUpdate;

/**
 * An H2 collection matching key lookups with {@link InListMatch}, sizing itself on demand, and
 * updating copies ({@link CopyOnUpdate}): the map hands out the objects it stores, as the memory
 * backend does. The size mongo-java-server kept in the collection's meta map, in files written before,
 * is left unread.
 */
final class TypedH2Collection extends H2Collection {

    private final InListMatch inList = new InListMatch();
    private final CopyOnUpdate copyOnUpdate = new CopyOnUpdate();

    TypedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                      MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, data, meta, cursorRegistry);
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
                                                 boolean multi, boolean upsert, Oplog oplog) {
        return copyOnUpdate.updating(update,
                () -> super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog));
    }

    @Override
    public synchronized Document findAndModify(Document query) {
        return copyOnUpdate.updating(query.get("update"), () -> super.findAndModify(query));
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                         Document projection) {
        return copyOnUpdate.found(super.queryDocuments(query, orderBy, skip, limit, batchSize, projection));
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
