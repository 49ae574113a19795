package io.aftermath.shared.mongo.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.aftermath.shared.mongo.index.InListMatch;
import io.aftermath.shared.mongo.stats.DataSizeOnDemand;
import io.aftermath.shared.mongo.update.CopyOnUpdate;

/**
 * A memory collection matching key lookups with {@link InListMatch}, sizing itself on demand, and
 * updating copies ({@link CopyOnUpdate}).
 */
final class FastMemoryCollection extends MemoryCollection {

    private static final VarHandle DOCUMENTS = documentsOfCollections();

    private final InListMatch inList = new InListMatch();
    private final CopyOnUpdate copyOnUpdate = new CopyOnUpdate();
    private final List<Document> stored;

    @SuppressWarnings("unchecked")
    FastMemoryCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                         CursorRegistry cursorRegistry) {
        super(database, collectionName, options, cursorRegistry);
        stored = (List<Document>) DOCUMENTS.get(this);
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

    /** The updated copy takes the original's place: mongo-java-server's memory backend updated in place. */
    @Override
    protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
        stored.set(position, newDocument);
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

    private static VarHandle documentsOfCollections() {
        try {
            return MethodHandles.privateLookupIn(MemoryCollection.class, MethodHandles.lookup())
                    .findVarHandle(MemoryCollection.class, "documents", List.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "mongo-java-server's MemoryCollection no longer keeps its documents in a List", e);
        }
    }
}
