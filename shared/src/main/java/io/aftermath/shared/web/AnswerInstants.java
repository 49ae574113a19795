package io.aftermath.shared.web;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Answers show times to the millisecond, as MongoDB's dates hold them: a time taken from the node's
 * clock and never stored there (when a post-mortem was imported, a backup taken, a queue computed)
 * showed nine digits, a read model's time of the same moment three. The ledger's own serializers,
 * and so the event export, keep every digit.
 */
public final class AnswerInstants {

    private AnswerInstants() {
    }

    /** A copy of {@code mapper} that writes instants to the millisecond. */
    public static ObjectMapper writing(ObjectMapper mapper) {
        return mapper.copy().registerModule(new SimpleModule("answer-instants")
                .addSerializer(Instant.class, new MillisecondInstantSerializer()));
    }

    private static final class MillisecondInstantSerializer extends StdSerializer<Instant> {

        MillisecondInstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(value.truncatedTo(ChronoUnit.MILLIS).toString());
        }
    }
}
