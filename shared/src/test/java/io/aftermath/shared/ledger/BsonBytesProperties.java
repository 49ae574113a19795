package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The appender sizes a commit's stream keys before laying them out, so the size must be the encoding's. */
class BsonBytesProperties {

    @Property(tries = 2000)
    void utf8_length_is_the_length_of_the_encoding(@ForAll("anyChars") String value) {
        assertThat(BsonBytes.utf8Length(value)).isEqualTo(value.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Every UTF-16 unit, lone surrogates included, mixed with ASCII as stream keys mostly are. */
    @Provide
    Arbitrary<String> anyChars() {
        return Arbitraries.oneOf(Arbitraries.chars().range(Character.MIN_VALUE, Character.MAX_VALUE),
                        Arbitraries.chars().range('a', 'z'), Arbitraries.chars().range('\uD800', '\uDFFF'))
                .list().ofMaxSize(12)
                .map(chars -> chars.stream().map(String::valueOf).reduce("", String::concat));
    }
}
