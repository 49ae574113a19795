package io.aftermath.shared.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.springframework.boot.web.codec.CodecCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.Jackson2JsonDecoder;
import org.springframework.http.codec.json.Jackson2JsonEncoder;
import org.springframework.util.MimeType;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.aftermath.shared.web.problem.InvalidUtf8Exception;

/**
 * How HTTP bodies are read: strictly (a number is neither an enum constant nor a string, a boolean is
 * not a string, a date is a string with no time, an instant is an ISO-8601 string and no number, nothing follows the value, no member
 * is given twice, text is plain text, the bytes are well-formed UTF-8), so a client's type error is reported
 * instead of guessed at; and never more than the body limit in memory, which is what {@code spring.codec.max-in-memory-size} would set. Only the
 * HTTP decoder is strict: the application's ObjectMapper bean, which others use, is left as it is.
 * Answers are written with times to the millisecond ({@link AnswerInstants}).
 * Runs after Spring Boot's own Jackson codec customizer.
 */
class StrictJsonCodecCustomizer implements CodecCustomizer, Ordered {

    private final ObjectMapper mapper;
    private final ObjectMapper answers;
    private final int maxInMemoryBytes;

    StrictJsonCodecCustomizer(ObjectMapper mapper, int maxInMemoryBytes) {
        this.mapper = strict(mapper.copy());
        this.answers = AnswerInstants.writing(mapper);
        this.maxInMemoryBytes = maxInMemoryBytes;
    }

    @Override
    public void customize(CodecConfigurer codecs) {
        // A request body sent as application/merge-patch+json or application/problem+json means something else, and
        // was read as plain JSON and written (tester 75); clients (a test's WebTestClient) still read problem+json.
        codecs.defaultCodecs().jackson2JsonDecoder(codecs instanceof ServerCodecConfigurer
                ? new WellFormedUtf8Decoder(mapper, MediaType.APPLICATION_JSON, MediaType.APPLICATION_NDJSON)
                : new WellFormedUtf8Decoder(mapper));
        codecs.defaultCodecs().jackson2JsonEncoder(new Jackson2JsonEncoder(answers));
        codecs.defaultCodecs().maxInMemorySize(maxInMemoryBytes);
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        // "s1" and "high" name a value as surely as "S1" and "HIGH" do, as they do in the query filters.
        mapper.configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);
        mapper.registerModule(new SimpleModule("enums-as-written").setDeserializerModifier(AsciiEnumDeserializer.MODIFIER));
        // One body is one JSON value: "{...} xxx" or "{...}{...}" is not a request to read the first of.
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // {"description":"x","description":"y"} is not a request to keep the last: which one the client meant is a guess.
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // A date is a date: "2026-12-30T00:00:00Z" would otherwise be cut to its day without a word.
        mapper.configOverride(LocalDate.class).setFormat(JsonFormat.Value.forLeniency(false));
        mapper.registerModule(new SimpleModule("plain-text").addDeserializer(String.class, new PlainTextDeserializer()));
        mapper.registerModule(new SimpleModule("iso-instants").addDeserializer(Instant.class, new IsoInstantDeserializer()));
        mapper.registerModule(new SimpleModule("dates-as-strings")
                .addDeserializer(LocalDate.class, new StrictLocalDateDeserializer()));
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Checks the whole body, already in memory, before Jackson reads it: Jackson would read an overlong "/" as "/"
     * ({@link Utf8}). Every JSON body a handler takes is one object, read whole through this method.
     */
    private static final class WellFormedUtf8Decoder extends Jackson2JsonDecoder {

        WellFormedUtf8Decoder(ObjectMapper mapper, MimeType... types) {
            super(mapper, types);
        }

        @Override
        public Object decode(DataBuffer body, ResolvableType targetType, MimeType mimeType, Map<String, Object> hints) {
            if (mimeType != null && mimeType.getCharset() != null
                    && !StandardCharsets.UTF_8.equals(mimeType.getCharset())) {
                // The body would be read as UTF-8 whatever it says it is: an é in Latin-1 refused as bad UTF-8.
                DataBufferUtils.release(body);
                throw new UnsupportedMediaTypeStatusException("Content type '" + mimeType + "' is not supported "
                        + "here: a JSON body is UTF-8 (RFC 8259); name utf-8 as the charset, or none");
            }
            int invalid = Utf8.firstInvalid(body);
            if (invalid >= 0) {
                InvalidUtf8Exception refusal = new InvalidUtf8Exception(body, invalid);
                DataBufferUtils.release(body);
                throw refusal;
            }
            return super.decode(body, targetType, mimeType, hints);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
