package io.aftermath.shared.ledger;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Serializes to a Jackson tree, for snapshots and for events {@link EventEncoder} cannot write
 * directly. Axon's JacksonSerializer only offers trees by writing bytes and parsing them again;
 * building the tree directly does half the work.
 */
final class JsonTree {

    private JsonTree() {
    }

    static SerializedObject<JsonNode> of(Object value, Serializer serializer) {
        if (serializer instanceof JacksonSerializer jackson) {
            JsonNode tree = jackson.getObjectMapper().valueToTree(value);
            SerializedType type = value == null ? jackson.typeForClass(null) : jackson.typeForClass(value.getClass());
            return new SimpleSerializedObject<>(tree, JsonNode.class, type);
        }
        return serializer.serialize(value, JsonNode.class);
    }
}
