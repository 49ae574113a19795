package io.aftermath.shared.web;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;

/**
 * A fixed set's value is read in any case, but only as written: Java's case folding also takes the long
 * s ({@code "ſ1"} for S1) and a dotless i ({@code "hıgh"}), and Jackson's lookup a value with spaces around
 * it. Those are refused as any unknown value is, listing the accepted ones.
 */
final class AsciiEnumDeserializer extends DelegatingDeserializer {

    static final BeanDeserializerModifier MODIFIER = new BeanDeserializerModifier() {
        @Override
        public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                          BeanDescription description, JsonDeserializer<?> deserializer) {
            return new AsciiEnumDeserializer(deserializer, type.getRawClass());
        }
    };

    private final Class<?> type;

    private AsciiEnumDeserializer(JsonDeserializer<?> delegate, Class<?> type) {
        super(delegate);
        this.type = type;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
        return new AsciiEnumDeserializer(delegate, type);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING) && !asWritten(parser.getText())) {
            return context.handleWeirdStringValue(type, parser.getText(), "not one of the values accepted");
        }
        return super.deserialize(parser, context);
    }

    private static boolean asWritten(String text) {
        return text.equals(text.strip()) && text.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    }
}
