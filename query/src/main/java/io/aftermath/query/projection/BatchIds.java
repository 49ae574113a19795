package io.aftermath.query.projection;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;

/**
 * The ids a batch of events can touch: each event's stream id and every string component of its
 * payload that names a ticket or a release ({@code ...Id}, {@code hotfixOf}, {@code fixedIn}, ...).
 * Read models are keyed by exactly these, so one {@code $in} per collection finds every document the
 * batch will load, instead of one round trip per document.
 */
final class BatchIds {

    private static final Set<String> ALSO_IDS = Set.of("hotfixOf", "fixedIn", "observedIn");
    private static final Map<Class<?>, List<MethodHandle>> ACCESSORS = new ConcurrentHashMap<>();

    private BatchIds() {
    }

    static Set<String> of(List<? extends Message<?>> messages) {
        Set<String> ids = new LinkedHashSet<>();
        for (Message<?> message : messages) {
            if (message instanceof DomainEventMessage<?> domain) {
                ids.add(domain.getAggregateIdentifier());
            }
            Object payload = message.getPayload();
            if (payload != null) {
                for (MethodHandle accessor : ACCESSORS.computeIfAbsent(payload.getClass(), BatchIds::idAccessors)) {
                    addId(ids, accessor, payload);
                }
            }
        }
        return ids;
    }

    private static void addId(Set<String> ids, MethodHandle accessor, Object payload) {
        try {
            Object id = accessor.invoke(payload);
            if (id instanceof String value && !value.isBlank()) {
                ids.add(value);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("Reading an id of " + payload.getClass().getName(), e);
        }
    }

    private static List<MethodHandle> idAccessors(Class<?> type) {
        List<MethodHandle> accessors = new ArrayList<>();
        if (!type.isRecord()) {
            return accessors;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = component.getName();
            if (component.getType() == String.class && (name.endsWith("Id") || ALSO_IDS.contains(name))) {
                try {
                    accessors.add(MethodHandles.publicLookup().unreflect(component.getAccessor()));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Records in shared are public: " + type.getName(), e);
                }
            }
        }
        return accessors;
    }
}
