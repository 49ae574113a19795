package io.aftermath.shared.mongo.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;

/**
 * A unique index in any concurrent map (a {@code ConcurrentHashMap} for the memory backend, an MVStore
 * map for H2) that computes and adds its keys the cheap way where it can: single-field keys directly
 * ({@link SingleFieldKeys}), and one round of lookups per insert where the stock index takes three
 * ({@code add} repeats the {@code checkAdd} every caller, an insert or an index build, has just run
 * under the collection's lock). A key taken all the same is refused and this document's keys are
 * taken back. A lookup of ascending whole numbers by {@code $in} (the ledger's windows of positions)
 * skips the stock index's sorting of the listed values, which is already done.
 */
public final class MapUniqueIndex<P> extends AbstractUniqueIndex<P> {

    private static final String IN = "$in";

    /** Positions as stored by mongo-java-server's H2 index: a null position is kept as "missing". */
    private final ConcurrentMap<KeyValue, Object> map;

    public MapUniqueIndex(ConcurrentMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
    }

    @Override
    public Set<KeyValue> getKeyValues(Document document) {
        Set<KeyValue> keys = SingleFieldKeys.of(getKeys(), document);
        return keys != null ? keys : super.getKeyValues(document);
    }

    @Override
    public synchronized void checkAdd(Document document, MongoCollection<P> collection) {
        Set<KeyValue> keys = isSparse() ? null : SingleFieldKeys.of(getKeys(), document);
        if (keys == null) {
            super.checkAdd(document, collection);
            return;
        }
        for (KeyValue key : keys) {
            if (containsKey(key)) {
                throw new DuplicateKeyError(this, collection, getKeys(), key);
            }
        }
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        if (isSparse()) {
            super.add(document, position, collection);
            return;
        }
        Set<KeyValue> keys = getKeyValues(document);
        List<KeyValue> added = new ArrayList<>(keys.size());
        for (KeyValue key : keys) {
            if (!putKeyPosition(key, position)) {
                added.forEach(map::remove);
                throw new DuplicateKeyError(this, collection, getKeys(), key);
            }
            added.add(key);
        }
    }

    /**
     * The stock index puts the listed values in a {@code TreeSet} ordered by mongo-java-server's generic
     * comparator, to look them up in order without repeats: 18 % of the server's time in a profiled
     * replay, whose windows list up to 1,024 positions already in that order. Such a list is looked
     * up as it is; the positions come back in the same order as the stock index gives them.
     */
    @Override
    public synchronized Iterable<P> getPositions(Document query) {
        List<?> ascending = ascendingWholeNumbersIn(query);
        if (ascending == null) {
            return distinct(super.getPositions(query));
        }
        List<P> positions = new ArrayList<>(ascending.size());
        for (Object value : ascending) {
            P position = getPosition(new KeyValue(new Object[] {value}).normalized());
            if (position != null) {
                positions.add(position);
            }
        }
        return positions;
    }

    /**
     * A document holds as many keys of a multikey index as its array has elements, and the stock index
     * lists its position once for every one an {@code $in} names, so the document came back that many
     * times; MongoDB returns it once.
     */
    private static <P> List<P> distinct(Iterable<P> positions) {
        Set<P> seen = new LinkedHashSet<>();
        positions.forEach(seen::add);
        return new ArrayList<>(seen);
    }

    /** The values of a {@code {field: {$in: [...]}}} query on this index's one field, if all are strictly ascending longs. */
    private List<?> ascendingWholeNumbersIn(Document query) {
        if (getKeys().size() != 1 || query.size() != 1
                || !(query.get(getKeys().get(0).getKey()) instanceof Document condition)
                || condition.size() != 1 || !(condition.get(IN) instanceof List<?> values)) {
            return null;
        }
        Long previous = null;
        for (Object value : values) {
            if (!(value instanceof Long number) || (previous != null && number <= previous)) {
                return null;
            }
            previous = number;
        }
        return values;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected P removeDocument(KeyValue key) {
        return (P) map.remove(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, P position) {
        return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Iterable<Map.Entry<KeyValue, P>> getIterable() {
        return (Iterable<Map.Entry<KeyValue, P>>) (Iterable<?>) map.entrySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    protected P getPosition(KeyValue key) {
        return (P) map.get(key);
    }

    @Override
    public long getCount() {
        return map.size();
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
