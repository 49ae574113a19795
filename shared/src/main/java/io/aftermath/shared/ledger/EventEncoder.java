package io.aftermath.shared.ledger;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Turns events into {@link PendingEvent}s on the caller's thread. With a Jackson serializer, payload
 * and metadata go from Jackson's tokens straight to BSON ({@link DirectBsonGenerator}): building a
 * tree with {@code valueToTree} and walking it took most of the fifth of the callers' samples that
 * serializing had at four writers. An event the direct path refuses, and any serializer other than
 * Jackson, takes the tree path, which gives the same bytes.
 */
final class EventEncoder {

    private static final int MAX_REMEMBERED_REFUSALS = 4096;

    private final Serializer serializer;
    private final JacksonSerializer jackson;
    private final ObjectMapper mapper;
    private final ObjectWriter direct;
    /** Payload types whose events the direct path refused: trying again would serialize them twice every time. */
    private final Set<Class<?>> refusedTypes = ConcurrentHashMap.newKeySet();

    EventEncoder(Serializer serializer) {
        this.serializer = serializer;
        this.jackson = serializer instanceof JacksonSerializer candidate && treesFollowTokens(candidate) ? candidate : null;
        this.mapper = jackson == null ? null : jackson.getObjectMapper();
        // What valueToTree serializes with.
        this.direct = mapper == null ? null : mapper.writer().without(SerializationFeature.WRAP_ROOT_VALUE);
    }

    /** Whether the trees this mapper builds keep every number's type as it was written. */
    private static boolean treesFollowTokens(JacksonSerializer serializer) {
        DeserializationConfig config = serializer.getObjectMapper().getDeserializationConfig();
        return !config.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                && !config.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                && !config.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS);
    }

    boolean encodes(Serializer candidate) {
        return candidate == serializer;
    }

    PendingEvent encode(DomainEventMessage<?> event) {
        Object payload = event.getPayload();
        if (jackson != null && payload != null && !refusedTypes.contains(payload.getClass())) {
            try {
                SerializedType type = jackson.typeForClass(payload.getClass());
                return encode(event, type, output -> writeDirect(output, payload, false),
                        output -> writeDirect(output, event.getMetaData(), true));
            } catch (IOException | RuntimeException refused) {
                // The tree path gives the same bytes where the direct one applies, and fails the same way where
                // the value cannot be serialized at all.
                if (refusedTypes.size() < MAX_REMEMBERED_REFUSALS) {
                    refusedTypes.add(payload.getClass());
                }
            }
        }
        SerializedObject<JsonNode> tree = JsonTree.of(payload, serializer);
        JsonNode metaData = JsonTree.of(event.getMetaData(), serializer).getData();
        try {
            return encode(event, tree.getType(), BsonJson.content(tree.getData()), BsonJson.documentContent(metaData));
        } catch (IOException impossible) {
            throw new IllegalStateException("Writing a tree to memory failed", impossible);
        }
    }

    private static PendingEvent encode(DomainEventMessage<?> event, SerializedType type, BsonContent payload,
                                       BsonContent metaData) throws IOException {
        return PendingEvent.encode(event.getIdentifier(), event.getType(), event.getAggregateIdentifier(),
                event.getSequenceNumber(), event.getTimestamp(), type, payload, metaData);
    }

    private void writeDirect(BsonOutput output, Object value, boolean documentOnly) throws IOException {
        direct.writeValue(new DirectBsonGenerator(output, mapper, documentOnly), value);
    }
}
