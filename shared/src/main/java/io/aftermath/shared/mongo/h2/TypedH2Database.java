package io.aftermath.shared.mongo.h2;

import java.util.List;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.aftermath.shared.mongo.index.MapUniqueIndex;

/**
 * mongo-java-server's H2 database with its maps opened with typed keys and values. The map names are
 * the H2 backend's own, so {@link TypedH2Backend} finds the databases of a file the same way.
 */
final class TypedH2Database extends AbstractSynchronizedMongoDatabase<Object> {

    static final String DATABASES_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    private final MVStore store;

    TypedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, cursorRegistry);
        this.store = store;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        MVMap<KeyValue, Object> map = store.openMap(indexMapName(collectionName, indexName),
                new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE).valueType(BsonType.VALUES));
        return new MapUniqueIndex<>(map, indexName, keys, sparse);
    }

    /**
     * A unique index refused because documents already collide has added some keys to its map by
     * then. mongo-java-server builds an index only into an empty map, so a later attempt (once the
     * data is unique) would reopen those keys as the whole index: lookups would miss documents and
     * duplicates would get in. The map is dropped with the refusal.
     */
    @Override
    protected synchronized void addIndex(Document indexDescription) {
        Object namespace = indexDescription.get("ns");
        String mapName = namespace == null ? null
                : indexMapName(namespace.toString().substring(databaseName.length() + 1), (String) indexDescription.get("name"));
        boolean existed = mapName == null || store.hasMap(mapName);
        try {
            super.addIndex(indexDescription);
        } catch (RuntimeException e) {
            if (!existed) {
                store.removeMap(mapName);
            }
            throw e;
        }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> data = store.openMap(DATABASES_PREFIX + fullName,
                new MVMap.Builder<Object, Document>().keyType(BsonType.VALUES).valueType(BsonType.DOCUMENTS));
        MVMap<String, Object> meta = store.openMap(META_PREFIX + fullName);
        return new TypedH2Collection(this, collectionName, options, data, meta, cursorRegistry);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        store.removeMap(indexMapName(collection.getCollectionName(), indexName));
    }

    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        List<String> names = store.getMapNames().stream()
                .filter(name -> name.startsWith(databaseName + ".")
                        || name.startsWith(DATABASES_PREFIX + databaseName + ".")
                        || name.startsWith(META_PREFIX + databaseName + "."))
                .toList();
        names.forEach(store::removeMap);
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        super.dropCollection(collectionName, oplog);
        String fullName = getFullCollectionNamespace(collectionName);
        store.removeMap(DATABASES_PREFIX + fullName);
        store.removeMap(META_PREFIX + fullName);
    }

    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        super.moveCollection(oldDatabase, collection, newCollectionName);
        String fullName = collection.getFullName();
        String newFullName = getFullCollectionNamespace(newCollectionName);
        store.renameMap(store.openMap(DATABASES_PREFIX + fullName), DATABASES_PREFIX + newFullName);
        store.renameMap(store.openMap(META_PREFIX + fullName), META_PREFIX + newFullName);
    }

    private String indexMapName(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
    }

    @Override
    protected long getStorageSize() {
        FileStore<?> fileStore = store.getFileStore();
        return fileStore == null ? 0 : fileStore.size();
    }

    @Override
    protected long getFileSize() {
        return getStorageSize();
    }
}
