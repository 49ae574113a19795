package io.aftermath.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/** Each refused sequence stands after "ab", so its offset is 2; the JDK's strict decoder agrees on every one. */
class Utf8Test {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "'', -1", "41, -1", "c2a9, -1", "e282ac, -1", "f09f9880, -1", "efbbbf, -1",
            "ed9fbf, -1", "ee8080, -1", "f48fbfbf, -1", "dfbf, -1", "e0a080, -1", "f0908080, -1",
            "c0af, 2", "c1bf, 2", "e080af, 2", "e09fbf, 2", "f08080af, 2", "f08fbfbf, 2",
            "eda080, 2", "edbfbf, 2", "f4908080, 2", "f5808080, 2", "ff, 2", "80, 2", "bf41, 2",
            "c2, 2", "e282, 2", "f09f98, 2", "c241, 2", "e28241, 2", "f09f9841, 2"})
    void an_ill_formed_sequence_is_found_at_its_first_byte(String hex, int expected) {
        byte[] sequence = HexFormat.of().parseHex(hex);
        byte[] body = new byte[sequence.length + 2];
        body[0] = 'a';
        body[1] = 'b';
        System.arraycopy(sequence, 0, body, 2, sequence.length);

        assertThat(Utf8.firstInvalid(DefaultDataBufferFactory.sharedInstance.wrap(body))).isEqualTo(expected);
        assertThat(jdkAccepts(body)).isEqualTo(expected < 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"c0af", "e080af"})
    void the_offset_counts_from_the_buffers_read_position(String hex) {
        byte[] overlong = HexFormat.of().parseHex(hex);
        byte[] body = new byte[overlong.length + 5];
        System.arraycopy(overlong, 0, body, 5, overlong.length);
        var buffer = DefaultDataBufferFactory.sharedInstance.wrap(body);
        buffer.readPosition(3);

        assertThat(Utf8.firstInvalid(buffer)).isEqualTo(2);
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
