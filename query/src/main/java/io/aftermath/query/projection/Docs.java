package io.aftermath.query.projection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

/** Small conversions between BSON documents and the read side's Java types. */
public final class Docs {

    private Docs() {
    }

    public static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    public static Instant instant(Document document, String key) {
        Date date = document.getDate(key);
        return date == null ? null : date.toInstant();
    }

    public static long longValue(Document document, String key) {
        Object value = document.get(key);
        return value == null ? 0 : ((Number) value).longValue();
    }

    public static int intValue(Document document, String key) {
        Object value = document.get(key);
        return value == null ? 0 : ((Number) value).intValue();
    }

    public static <E extends Enum<E>> E enumValue(Document document, String key, Class<E> type) {
        String value = document.getString(key);
        return value == null ? null : Enum.valueOf(type, value);
    }

    public static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    public static List<String> strings(Document document, String key) {
        List<String> values = document.getList(key, String.class);
        return values == null ? List.of() : List.copyOf(values);
    }

    /** A mutable list stored in the document (created when missing). */
    public static List<Document> documents(Document document, String key) {
        List<Document> values = document.getList(key, Document.class);
        if (values == null) {
            values = new ArrayList<>();
            document.put(key, values);
        } else if (!(values instanceof ArrayList)) {
            values = new ArrayList<>(values);
            document.put(key, values);
        }
        return values;
    }

    /** A mutable list of strings stored in the document (created when missing). */
    public static List<String> mutableStrings(Document document, String key) {
        List<String> values = document.getList(key, String.class);
        if (values == null || !(values instanceof ArrayList)) {
            values = values == null ? new ArrayList<>() : new ArrayList<>(values);
            document.put(key, values);
        }
        return values;
    }

    /** A nested document (created when missing). */
    public static Document child(Document document, String key) {
        Document child = document.get(key, Document.class);
        if (child == null) {
            child = new Document();
            document.put(key, child);
        }
        return child;
    }

    /** A copy of {@code document} without {@code key} that shares no document or list with it. */
    public static Document copyWithout(Document document, String key) {
        Document copy = new Document();
        document.forEach((name, value) -> {
            if (!name.equals(key)) {
                copy.put(name, deepCopy(value));
            }
        });
        return copy;
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Document document) {
            return copyWithout(document, null);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(deepCopy(element)));
            return copy;
        }
        return value;
    }

    /** Details of an event, leaving out absent values, in the order given. */
    public static Document details(Object... keysAndValues) {
        Document details = new Document();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            if (value != null) {
                details.put((String) keysAndValues[i], value instanceof Enum<?> e ? e.name() : value.toString());
            }
        }
        return details;
    }

    public static Map<String, String> stringMap(Document document) {
        Map<String, String> map = new LinkedHashMap<>();
        if (document != null) {
            document.forEach((key, value) -> map.put(key, value == null ? null : value.toString()));
        }
        return map;
    }

    /** The service of a release id ({@code service@version}). */
    public static String serviceOf(String releaseId) {
        int at = releaseId == null ? -1 : releaseId.indexOf('@');
        return at < 0 ? releaseId : releaseId.substring(0, at);
    }
}
