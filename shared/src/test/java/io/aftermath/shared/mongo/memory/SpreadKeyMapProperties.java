package io.aftermath.shared.mongo.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The map answers as a plain map of {@code KeyValue}s would, and spreads the keys indexes hold most. */
class SpreadKeyMapProperties {

    private static final int KEYS = 400_000;

    @Property(tries = 300)
    void answers_as_a_plain_map(@ForAll("operations") List<Operation> operations) {
        SpreadKeyMap map = new SpreadKeyMap();
        Map<KeyValue, Object> model = new HashMap<>();
        for (Operation operation : operations) {
            assertThat(operation.apply(map)).as(operation.toString()).isEqualTo(operation.apply(model));
            assertThat(map.get(operation.key())).isEqualTo(model.get(operation.key()));
        }
        assertThat(map).hasSameSizeAs(model);
        assertThat(Map.copyOf(map)).isEqualTo(model);
    }

    @Example
    void object_ids_minted_by_one_driver_hash_apart() {
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < KEYS; i++) {
            hashes.add(SpreadKeyMap.hashOf(key(new ObjectId(new org.bson.types.ObjectId().toByteArray()))));
        }
        // KeyValue's own hash gives about 56,000 distinct values here.
        assertThat(hashes).hasSizeGreaterThan(KEYS - 100);
    }

    @Example
    void ascending_positions_fill_the_buckets() {
        int buckets = Integer.highestOneBit(KEYS) * 4;
        Set<Integer> used = new HashSet<>();
        for (long position = 0; position < KEYS; position++) {
            int hash = SpreadKeyMap.hashOf(key((double) position));
            used.add((hash ^ (hash >>> 16)) & (buckets - 1));
        }
        // KeyValue's own hash of whole doubles uses a fifth of them, as many as half the keys.
        assertThat(used).hasSizeGreaterThan(KEYS * 8 / 10);
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<KeyValue> keys = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 20).map(number -> key((double) number)),
                Arbitraries.strings().withChars("ab#0").ofMaxLength(3).map(SpreadKeyMapProperties::key),
                Arbitraries.bytes().between((byte) 0, (byte) 3).map(last -> {
                    byte[] id = new byte[12];
                    id[11] = last;
                    return key(new ObjectId(id));
                }));
        Arbitrary<Operation> operation = Combinators.combine(
                Arbitraries.of(Kind.values()), keys, Arbitraries.integers().between(0, 3))
                .as(Operation::new);
        return operation.list().ofMaxSize(60);
    }

    private static KeyValue key(Object value) {
        return new KeyValue(List.of(value));
    }

    private enum Kind { PUT, PUT_IF_ABSENT, REMOVE, REMOVE_IF, REPLACE, REPLACE_IF, CONTAINS }

    private record Operation(Kind kind, KeyValue key, Integer value) {

        Object apply(Map<KeyValue, Object> map) {
            return switch (kind) {
                case PUT -> map.put(key, value);
                case PUT_IF_ABSENT -> map.putIfAbsent(key, value);
                case REMOVE -> map.remove(key);
                case REMOVE_IF -> map.remove(key, value);
                case REPLACE -> map.replace(key, value);
                case REPLACE_IF -> map.replace(key, value, value + 1);
                case CONTAINS -> map.containsKey(key);
            };
        }
    }
}
