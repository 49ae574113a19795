package io.aftermath.shared.mongo.index;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Answers the ledger's key lookups, {@code {field: {$in: [keys]}}}, with a hash set. mongo-java-server
 * checks every document an index found against the query once more, comparing the document's value
 * with each listed key in turn and normalizing both sides for every comparison, so a read of n keys
 * costs n²/2 comparisons: most of the server's time in a replay. This gives the same answer in one
 * lookup, for lists of plain strings and numbers; any other query or value goes to the stock matcher.
 */
public final class InListMatch {

    private static final String IN = "$in";

    private record Prepared(Document query, String field, Set<Object> keys) {
    }

    /**
     * The last query prepared, per thread: a query is matched document by document on one thread,
     * while several readers (tracking processors, stream loads) query one collection at once, and a
     * shared slot would make them rebuild each other's key set for every document.
     */
    private final ThreadLocal<Prepared> last = new ThreadLocal<>();

    public boolean matches(Document document, Document query, BiPredicate<Document, Document> stock) {
        Prepared prepared = prepare(query);
        if (prepared == null) {
            return stock.test(document, query);
        }
        Object value = document.getOrMissing(prepared.field());
        if (value instanceof Collection<?> elements) {
            if (!elements.stream().allMatch(InListMatch::isPlain)) {
                return stock.test(document, query);
            }
            return elements.stream().anyMatch(element -> prepared.keys().contains(normalized(element)));
        }
        if (!isPlain(value)) {
            return stock.test(document, query);
        }
        return prepared.keys().contains(normalized(value));
    }

    /** The query's field and key set if it has the shape this answers. */
    private Prepared prepare(Document query) {
        Prepared known = last.get();
        if (known != null && known.query() == query) {
            return known;
        }
        if (query.size() != 1) {
            return null;
        }
        Map.Entry<String, Object> condition = query.entrySet().iterator().next();
        String field = condition.getKey();
        if (field.startsWith("$") || field.contains(".") || !(condition.getValue() instanceof Document operator)
                || operator.size() != 1 || !(operator.get(IN) instanceof Collection<?> keys)) {
            return null;
        }
        Set<Object> normalized = new HashSet<>(keys.size() * 2);
        for (Object key : keys) {
            if (!isPlain(key)) {
                return null;
            }
            normalized.add(normalized(key));
        }
        Prepared prepared = new Prepared(query, field, normalized);
        last.set(prepared);
        return prepared;
    }

    private static boolean isPlain(Object value) {
        return value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Double;
    }

    /** As the stock matcher compares: numbers as doubles (0.0 for -0.0) unless a long has no exact double. */
    private static Object normalized(Object value) {
        if (value instanceof Long number && number != (long) number.doubleValue()) {
            return number;
        }
        if (value instanceof Number number) {
            double asDouble = number.doubleValue();
            return asDouble == -0.0 ? 0.0 : asDouble;
        }
        return value;
    }
}
