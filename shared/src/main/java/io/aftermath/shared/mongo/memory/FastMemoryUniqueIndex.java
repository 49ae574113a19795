package io.aftermath.shared.mongo.memory;

import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import io.aftermath.shared.mongo.index.SingleFieldKeys;
import io.aftermath.shared.mongo.index.UniqueKeys;

/** The memory backend's unique index, computing and adding keys the cheap way where it can. */
final class FastMemoryUniqueIndex extends MemoryUniqueIndex {

    FastMemoryUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    @Override
    public Set<KeyValue> getKeyValues(Document document) {
        Set<KeyValue> keys = SingleFieldKeys.of(getKeys(), document);
        return keys != null ? keys : super.getKeyValues(document);
    }

    @Override
    public synchronized void checkAdd(Document document, MongoCollection<Integer> collection) {
        Set<KeyValue> keys = isSparse() ? null : SingleFieldKeys.of(getKeys(), document);
        if (keys == null) {
            super.checkAdd(document, collection);
            return;
        }
        UniqueKeys.check(keys, this::containsKey, key -> new DuplicateKeyError(this, collection, getKeys(), key));
    }

    @Override
    public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
        if (isSparse()) {
            super.add(document, position, collection);
            return;
        }
        UniqueKeys.add(getKeyValues(document), key -> putKeyPosition(key, position),
                key -> removeDocument(key) != null, key -> new DuplicateKeyError(this, collection, getKeys(), key));
    }
}
