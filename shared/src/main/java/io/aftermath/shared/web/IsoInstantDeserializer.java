package io.aftermath.shared.web;

import java.io.IOException;
import java.time.Instant;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

/**
 * An instant in a request body is an ISO-8601 string. Jackson reads a number, or a string of digits,
 * as epoch seconds, so a client sending epoch milliseconds got a date some 50,000 years away, and one
 * sending seconds a date it may not have meant; both are refused naming the field. Other strings are
 * read as Jackson reads them, and one it cannot read gets the same rule as its message.
 */
final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {

    static final String RULE = "must be an ISO-8601 instant string, such as 2024-05-01T10:00:00Z";
    /** What Jackson's own deserializer takes for epoch seconds when quoted: digits and periods ("1700000000."). */
    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9.]+");

    IsoInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        // Jackson reads a blank string as null, which is "now" where an instant may be left out (tester 75).
        if (!parser.hasToken(JsonToken.VALUE_STRING) || parser.getText().isBlank()
                || NUMBER.matcher(parser.getText().strip()).matches()) {
            throw JsonMappingException.from(parser, RULE);
        }
        try {
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        } catch (JsonMappingException unparsable) {
            // Not as the cause: the field's message would be Jackson's ("Cannot deserialize value of type `Instant`…").
            throw JsonMappingException.from(parser, RULE);
        }
    }
}
