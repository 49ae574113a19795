package io.aftermath.shared.mongo.index;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The keys a unique index on one top-level field holds for a document (one per element of an array),
 * normalized as mongo-java-server normalizes them. Its generic code gets the same set by splitting the
 * path with a regex, streaming, and checking for parallel arrays on every insert: profiled, about a
 * third of all CPU of the ledger's appends on the embedded server. Any other shape (compound or dotted
 * keys, empty or nested arrays) is left to the generic code: {@link #of} answers null.
 */
public final class SingleFieldKeys {

    private SingleFieldKeys() {
    }

    public static Set<KeyValue> of(List<IndexKey> keys, Document document) {
        if (keys.size() != 1) {
            return null;
        }
        String field = keys.get(0).getKey();
        if (field.indexOf('.') >= 0 || field.startsWith("$")) {
            return null;
        }
        Object value = document.getOrMissing(field);
        if (!(value instanceof Collection<?> elements)) {
            return Set.of(normalized(value));
        }
        if (elements.isEmpty()) {
            return null;
        }
        Set<KeyValue> result = new LinkedHashSet<>();
        for (Object element : elements) {
            if (element instanceof Collection) {
                return null;
            }
            result.add(normalized(element));
        }
        return result;
    }

    private static KeyValue normalized(Object value) {
        return new KeyValue(new Object[] {value}).normalized();
    }
}
