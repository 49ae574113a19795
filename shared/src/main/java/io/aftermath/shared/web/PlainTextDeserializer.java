package io.aftermath.shared.web;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;

/**
 * Text in a request body is what a person could type: no control characters but tab and line
 * breaks, and no half of a surrogate pair. A NUL or an ANSI escape in a title travels into every
 * terminal, export and page that shows it, and half a pair has no UTF-8 form at all (the ledger
 * would store U+FFFD in its place). Refused naming the field, before anything runs.
 */
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
            if (Character.isISOControl(codePoint) && codePoint != '\t' && codePoint != '\n' && codePoint != '\r') {
                return String.format("must not contain control characters (U+%04X at %d)", codePoint, i);
            }
            if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                return String.format("must be valid Unicode (half a surrogate pair, U+%04X, at %d)", codePoint, i);
            }
            i += Character.charCount(codePoint) - 1;
        }
        return null;
    }
}
