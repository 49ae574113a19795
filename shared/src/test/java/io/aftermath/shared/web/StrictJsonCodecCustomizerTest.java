package io.aftermath.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.Jackson2JsonDecoder;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Only the HTTP decoder is strict; the mapper it starts from, which stored events also meet, keeps its settings. */
class StrictJsonCodecCustomizerTest {

    private static final String TWICE = "{\"a\":1,\"a\":2}";

    @Test
    void the_http_decoder_refuses_a_member_given_twice_and_the_application_mapper_still_reads_it() throws Exception {
        ObjectMapper application = new ObjectMapper();

        ObjectMapper http = httpDecoderMapper(application);

        assertThatThrownBy(() -> http.readTree(TWICE)).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThat(application.readTree(TWICE).get("a").asInt()).isEqualTo(2);
    }

    /** Stored events were written by mappers that may have put an instant as a number: they must keep reading. */
    @Test
    void the_http_decoder_refuses_a_number_for_an_instant_and_the_application_mapper_still_reads_it()
            throws Exception {
        ObjectMapper application = new ObjectMapper().registerModule(new JavaTimeModule());

        ObjectMapper http = httpDecoderMapper(application);

        for (String number : List.of("1700000000", "1.7E9", "\"1700000000\"", "\"1700000000.\"", "\" -1.5 \"")) {
            assertThatThrownBy(() -> http.readValue(number, Instant.class)).as(number)
                    .isInstanceOf(JsonMappingException.class).hasMessageStartingWith(IsoInstantDeserializer.RULE);
        }
        assertThat(http.readValue("\"2023-11-14T22:13:20Z\"", Instant.class))
                .isEqualTo(Instant.ofEpochSecond(1_700_000_000));
        assertThat(application.readValue("1700000000", Instant.class)).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    }

    private static ObjectMapper httpDecoderMapper(ObjectMapper application) {
        ServerCodecConfigurer codecs = ServerCodecConfigurer.create();
        new StrictJsonCodecCustomizer(application, 1024).customize(codecs);
        return codecs.getReaders().stream()
                .filter(DecoderHttpMessageReader.class::isInstance)
                .map(reader -> ((DecoderHttpMessageReader<?>) reader).getDecoder())
                .filter(Jackson2JsonDecoder.class::isInstance)
                .map(decoder -> ((Jackson2JsonDecoder) decoder).getObjectMapper())
                .findFirst().orElseThrow();
    }
}
