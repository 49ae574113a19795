package io.aftermath.shared.mongo.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import de.bwaldvogel.mongo.backend.KeyValue;

/**
 * Adding a document's keys to a unique index in one round of lookups. The stock index looks every key
 * up twice more: {@code add} repeats the {@code checkAdd} that every caller (an insert, an index build)
 * has just run under the collection's lock. A key taken all the same is refused, and the keys this
 * document already added are taken back.
 */
public final class UniqueKeys {

    private UniqueKeys() {
    }

    public static void add(Set<KeyValue> keys, Predicate<KeyValue> putIfAbsent, Predicate<KeyValue> remove,
                           Function<KeyValue, RuntimeException> duplicate) {
        List<KeyValue> added = new ArrayList<>(keys.size());
        for (KeyValue key : keys) {
            if (!putIfAbsent.test(key)) {
                added.forEach(remove::test);
                throw duplicate.apply(key);
            }
            added.add(key);
        }
    }

    public static void check(Set<KeyValue> keys, Predicate<KeyValue> taken, Function<KeyValue, RuntimeException> duplicate) {
        for (KeyValue key : keys) {
            if (taken.test(key)) {
                throw duplicate.apply(key);
            }
        }
    }
}
