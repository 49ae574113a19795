package io.aftermath.shared.serialization;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer, resolving each stored type name to its class once. Axon asks for the
 * class of an event's payload and metadata three times per event read (twice while wrapping it,
 * once to deserialize), and the stock serializer goes to the class loader every time: a quarter of
 * the reading thread's samples in a profiled replay. A log holds few distinct types; past a bound
 * (a log written by many applications) the rest resolve the stock way.
 */
final class CachedTypesJacksonSerializer extends JacksonSerializer {

    static final int MAX_CACHED_TYPES = 4096;

    @SuppressWarnings("rawtypes")
    private final Map<SerializedType, Class> classes = new ConcurrentHashMap<>();

    CachedTypesJacksonSerializer(Builder builder) {
        super(builder);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        Class cached = classes.get(type);
        if (cached != null) {
            return cached;
        }
        Class resolved = super.classForType(type);
        if (classes.size() < MAX_CACHED_TYPES) {
            classes.put(type, resolved);
        }
        return resolved;
    }
}
