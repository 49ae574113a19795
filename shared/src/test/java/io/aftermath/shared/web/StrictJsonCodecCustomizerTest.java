package io.aftermath.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.Jackson2JsonDecoder;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Only the HTTP decoder is strict; the mapper it starts from, which stored events also meet, keeps its settings. */
class StrictJsonCodecCustomizerTest {

    private static final String TWICE = "{\"a\":1,\"a\":2}";

    @Test
    void the_http_decoder_refuses_a_member_given_twice_and_the_application_mapper_still_reads_it() throws Exception {
        ObjectMapper application = new ObjectMapper();
        ServerCodecConfigurer codecs = ServerCodecConfigurer.create();

        new StrictJsonCodecCustomizer(application, 1024).customize(codecs);

        ObjectMapper http = codecs.getReaders().stream()
                .filter(DecoderHttpMessageReader.class::isInstance)
                .map(reader -> ((DecoderHttpMessageReader<?>) reader).getDecoder())
                .filter(Jackson2JsonDecoder.class::isInstance)
                .map(decoder -> ((Jackson2JsonDecoder) decoder).getObjectMapper())
                .findFirst().orElseThrow();
        assertThatThrownBy(() -> http.readTree(TWICE)).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThat(application.readTree(TWICE).get("a").asInt()).isEqualTo(2);
    }
}
