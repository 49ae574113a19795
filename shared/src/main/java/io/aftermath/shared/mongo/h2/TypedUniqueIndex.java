package io.aftermath.shared.mongo.h2;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import io.aftermath.shared.mongo.index.SingleFieldKeys;
import io.aftermath.shared.mongo.index.UniqueKeys;

/**
 * A unique index kept in an MVStore map with typed keys (see {@link KeyValueType}), computing and
 * adding keys the cheap way where it can ({@link SingleFieldKeys}, {@link UniqueKeys}).
 */
final class TypedUniqueIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> map;

    TypedUniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
    }

    @Override
    public Set<KeyValue> getKeyValues(Document document) {
        Set<KeyValue> keys = SingleFieldKeys.of(getKeys(), document);
        return keys != null ? keys : super.getKeyValues(document);
    }

    @Override
    public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
        Set<KeyValue> keys = isSparse() ? null : SingleFieldKeys.of(getKeys(), document);
        if (keys == null) {
            super.checkAdd(document, collection);
            return;
        }
        UniqueKeys.check(keys, this::containsKey, key -> new DuplicateKeyError(this, collection, getKeys(), key));
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        if (isSparse()) {
            super.add(document, position, collection);
            return;
        }
        UniqueKeys.add(getKeyValues(document), key -> putKeyPosition(key, position), key -> map.remove(key) != null,
                key -> new DuplicateKeyError(this, collection, getKeys(), key));
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return map.remove(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return map.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return map.get(key);
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
