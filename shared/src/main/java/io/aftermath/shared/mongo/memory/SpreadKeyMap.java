package io.aftermath.shared.mongo.memory;

import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * A unique index's map for the memory backend: a {@code ConcurrentHashMap} whose keys carry a hash
 * of their own, because {@code KeyValue}'s is poor for the keys indexes hold most. An ObjectId hashes
 * its 12 bytes with {@code Arrays.hashCode}, whose base of 31 folds the driver's incrementing
 * counter onto few values (400,000 ids of one process: 55,715 distinct hashes, 25 to the fullest
 * bucket, every lookup comparing ids one by one); a whole number, normalized to a double, keeps its
 * hash in the high bits and fills one bucket in five. Both hashes are mixed here before the map
 * sees them; equality stays {@code KeyValue}'s.
 */
final class SpreadKeyMap extends AbstractMap<KeyValue, Object> implements ConcurrentMap<KeyValue, Object> {

    private final ConcurrentHashMap<SpreadKey, Object> map = new ConcurrentHashMap<>();

    @Override
    public Object get(Object key) {
        return key instanceof KeyValue keyValue ? map.get(new SpreadKey(keyValue)) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Object put(KeyValue key, Object value) {
        return map.put(new SpreadKey(key), value);
    }

    @Override
    public Object putIfAbsent(KeyValue key, Object value) {
        return map.putIfAbsent(new SpreadKey(key), value);
    }

    @Override
    public Object remove(Object key) {
        return key instanceof KeyValue keyValue ? map.remove(new SpreadKey(keyValue)) : null;
    }

    @Override
    public boolean remove(Object key, Object value) {
        return key instanceof KeyValue keyValue && map.remove(new SpreadKey(keyValue), value);
    }

    @Override
    public boolean replace(KeyValue key, Object oldValue, Object newValue) {
        return map.replace(new SpreadKey(key), oldValue, newValue);
    }

    @Override
    public Object replace(KeyValue key, Object value) {
        return map.replace(new SpreadKey(key), value);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public Set<Entry<KeyValue, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<KeyValue, Object>> iterator() {
                Iterator<Entry<SpreadKey, Object>> entries = map.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public Entry<KeyValue, Object> next() {
                        Entry<SpreadKey, Object> entry = entries.next();
                        return Map.entry(entry.getKey().key(), entry.getValue());
                    }

                    @Override
                    public void remove() {
                        entries.remove();
                    }
                };
            }

            @Override
            public int size() {
                return map.size();
            }
        };
    }

    /** A key with its mixed hash, computed once. */
    private record SpreadKey(KeyValue key, int hash) {

        SpreadKey(KeyValue key) {
            this(key, hashOf(key));
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SpreadKey spread && spread.hash == hash && spread.key.equals(key);
        }
    }

    /** The key's hash as this map uses it: equal keys hash alike, as {@code KeyValue.equals} decides equality. */
    static int hashOf(KeyValue key) {
        long hash = 0;
        for (Object value : key) {
            hash = hash * 0x9E3779B97F4A7C15L + valueHash(value);
        }
        return (int) mix(hash);
    }

    private static long valueHash(Object value) {
        if (value instanceof ObjectId id) {
            ByteBuffer bytes = ByteBuffer.wrap(id.toByteArray());
            return mix(bytes.getLong(0)) ^ bytes.getInt(Long.BYTES);
        }
        if (value instanceof Double number) {
            return Double.doubleToLongBits(number);
        }
        return value == null ? 0 : value.hashCode();
    }

    /** MurmurHash3's 64-bit finalizer: every input bit moves about half the output bits. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
