package io.aftermath.shared.metadata;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Copies the actor, the request id and the correlation id of the message being handled onto every
 * message it gives rise to, and names that message as their cause. Replaces Axon's
 * {@code MessageOriginProvider}, whose {@code traceId}/{@code correlationId} pair means "root" and
 * "parent" instead.
 */
public class CausationCorrelationDataProvider implements CorrelationDataProvider {

    private static final List<String> CARRIED_WHEN_PRESENT = List.of(MetadataKeys.ACTOR, MetadataKeys.REQUEST_ID);

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        MetaData metaData = message.getMetaData();
        Map<String, Object> data = new HashMap<>();
        for (String key : CARRIED_WHEN_PRESENT) {
            Object value = metaData.get(key);
            if (value != null) {
                data.put(key, value);
            }
        }
        data.put(MetadataKeys.CORRELATION_ID, metaData.getOrDefault(MetadataKeys.CORRELATION_ID, message.getIdentifier()));
        data.put(MetadataKeys.CAUSATION_ID, message.getIdentifier());
        return data;
    }
}
