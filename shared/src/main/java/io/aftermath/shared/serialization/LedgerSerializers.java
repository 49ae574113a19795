package io.aftermath.shared.serialization;

import java.time.Instant;

import org.axonframework.serialization.json.JacksonSerializer;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
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
                .addModule(new SimpleModule("aftermath-instants").addDeserializer(Instant.class,
                        new IsoInstantDeserializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    public static JacksonSerializer messages() {
        return build(messageMapper());
    }

    public static JacksonSerializer snapshots() {
        ObjectMapper mapper = messageMapper()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
        return build(mapper);
    }

    /** What {@code lenientDeserialization()} sets, done here: the builder applies it only in its own {@code build()}. */
    private static JacksonSerializer build(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return new CachedTypesJacksonSerializer(JacksonSerializer.builder().objectMapper(mapper));
    }
}
