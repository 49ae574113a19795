package io.aftermath.shared.serialization;

import org.axonframework.serialization.json.JacksonSerializer;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON serializers of the ledger. Messages are records and serialize as they are; aggregate
 * snapshots are plain classes whose decision fields have no getters, so their serializer reads
 * fields directly. Unknown properties are tolerated so that old readers survive added fields.
 */
public final class LedgerSerializers {

    private LedgerSerializers() {
    }

    public static ObjectMapper messageMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    public static JacksonSerializer messages() {
        return JacksonSerializer.builder().objectMapper(messageMapper()).lenientDeserialization().build();
    }

    public static JacksonSerializer snapshots() {
        ObjectMapper mapper = messageMapper()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
        return JacksonSerializer.builder().objectMapper(mapper).lenientDeserialization().build();
    }
}
