package io.aftermath.shared.serialization;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

/**
 * Jackson's instant deserializer, reading the ledger's own form through {@link IsoInstants} first.
 * Every other text, and every property with a format of its own, goes the stock way.
 */
final class IsoInstantDeserializer extends InstantDeserializer<Instant> {

    IsoInstantDeserializer() {
        super(InstantDeserializer.INSTANT, (Boolean) null);
    }

    @Override
    protected Instant _fromString(JsonParser parser, DeserializationContext context, String text) throws IOException {
        Instant instant = IsoInstants.parse(text);
        return instant != null ? instant : super._fromString(parser, context, text);
    }
}
