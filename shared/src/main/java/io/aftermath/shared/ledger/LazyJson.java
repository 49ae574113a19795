package io.aftermath.shared.ledger;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.bson.BsonValue;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A stored payload or metadata document handed to Axon as JSON, converted only when a handler
 * actually deserializes it: a processor that skips an event never pays for its payload.
 */
final class LazyJson implements SerializedObject<JsonNode> {

    private final BsonValue stored;
    private final SerializedType type;
    private JsonNode json;

    LazyJson(BsonValue stored, SerializedType type) {
        this.stored = stored;
        this.type = type;
    }

    @Override
    public Class<JsonNode> getContentType() {
        return JsonNode.class;
    }

    @Override
    public SerializedType getType() {
        return type;
    }

    @Override
    public JsonNode getData() {
        if (json == null) {
            json = BsonJson.toJson(stored);
        }
        return json;
    }
}
