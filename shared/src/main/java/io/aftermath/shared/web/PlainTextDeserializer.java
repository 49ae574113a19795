package io.aftermath.shared.web;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;

import io.aftermath.shared.text.PlainText;

/** Text in a request body is {@link PlainText}; anything else is refused naming the field, before anything runs. */
final class PlainTextDeserializer extends StringDeserializer {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String text = super.deserialize(parser, context);
        if (text != null) {
            String problem = problem(text);
            if (problem != null) {
                throw JsonMappingException.from(parser, problem);
            }
        }
        return text;
    }

    static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            int codePoint = text.codePointAt(i);
            if (PlainText.isControl(codePoint)) {
                return String.format("must not contain control characters (U+%04X at %d)", codePoint, i);
            }
            if (PlainText.isUnpairedSurrogate(codePoint)) {
                return String.format("must be valid Unicode (half a surrogate pair, U+%04X, at %d)", codePoint, i);
            }
            i += Character.charCount(codePoint) - 1;
        }
        return null;
    }
}
