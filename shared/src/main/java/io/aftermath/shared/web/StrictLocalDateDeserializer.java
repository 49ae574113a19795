package io.aftermath.shared.web;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JacksonFeatureSet;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeFeature;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;

/**
 * A date in a request body is a string. Jackson also reads an array, {@code [2026, 2, 28]} as that day and
 * {@code []} as no date at all, so a client that sent a list where a date belongs had it taken silently.
 * Everything else is read as Jackson reads it, its leniency and format overrides included (each
 * {@code with…} keeps this class).
 */
final class StrictLocalDateDeserializer extends LocalDateDeserializer {

    StrictLocalDateDeserializer() {
        super();
    }

    private StrictLocalDateDeserializer(LocalDateDeserializer base, DateTimeFormatter format) {
        super(base, format);
    }

    private StrictLocalDateDeserializer(LocalDateDeserializer base, Boolean leniency) {
        super(base, leniency);
    }

    private StrictLocalDateDeserializer(LocalDateDeserializer base, JsonFormat.Shape shape) {
        super(base, shape);
    }

    private StrictLocalDateDeserializer(LocalDateDeserializer base, JacksonFeatureSet<JavaTimeFeature> features) {
        super(base, features);
    }

    @Override
    public LocalDate deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.isExpectedStartArrayToken()) {
            return (LocalDate) context.handleUnexpectedToken(LocalDate.class, parser);
        }
        return super.deserialize(parser, context);
    }

    @Override
    protected LocalDateDeserializer withDateFormat(DateTimeFormatter format) {
        return new StrictLocalDateDeserializer(this, format);
    }

    @Override
    protected LocalDateDeserializer withLeniency(Boolean leniency) {
        return new StrictLocalDateDeserializer(this, leniency);
    }

    @Override
    protected LocalDateDeserializer withShape(JsonFormat.Shape shape) {
        return new StrictLocalDateDeserializer(this, shape);
    }

    @Override
    public LocalDateDeserializer withFeatures(JacksonFeatureSet<JavaTimeFeature> features) {
        return new StrictLocalDateDeserializer(this, features);
    }
}
