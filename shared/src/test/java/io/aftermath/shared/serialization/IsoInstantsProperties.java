package io.aftermath.shared.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The shortcut reads what {@link Instant#parse} reads, whenever it answers, and answers for every instant the ledger writes. */
class IsoInstantsProperties {

    @Property(tries = 3000)
    void reads_every_instant_as_written(@ForAll("instants") Instant instant) {
        assertThat(IsoInstants.parse(instant.toString())).isEqualTo(instant);
    }

    @Property(tries = 3000)
    void answers_only_what_the_general_formatter_answers(@ForAll("nearlyInstants") String text) {
        Instant fast = IsoInstants.parse(text);
        if (fast != null) {
            assertThat(fast).isEqualTo(Instant.parse(text));
        }
    }

    @Example
    void leaves_other_forms_to_the_general_formatter() {
        for (String text : new String[] {"2026-11-30T21:00:60Z", "2026-02-30T21:00:00Z", "2026-11-30T21:00:00.Z",
                "2026-11-30t21:00:00Z", "2026-11-30T21:00:00+01:00", "+12026-11-30T21:00:00Z", "1733000000",
                "2026-11-30T24:00:00Z", "2026-11-30T21:00:00.1234567890Z"}) {
            assertThat(IsoInstants.parse(text)).as(text).isNull();
        }
    }

    @Example
    void the_ledgers_mapper_reads_instants_through_it() throws Exception {
        ObjectMapper mapper = LedgerSerializers.messages().getObjectMapper();
        DeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null);

        assertThat(context.findRootValueDeserializer(mapper.constructType(Instant.class)))
                .isInstanceOf(IsoInstantDeserializer.class);
        assertThat(mapper.readValue("\"2026-11-30T21:00:00.5Z\"", Instant.class))
                .isEqualTo(Instant.parse("2026-11-30T21:00:00.500Z"));
        // Other forms get Jackson's own answers, refusals included.
        assertThatThrownBy(() -> mapper.readValue("\"2026-11-30T21:00:60Z\"", Instant.class))
                .isInstanceOf(InvalidFormatException.class);
        assertThat(mapper.readValue("1733000000", Instant.class)).isEqualTo(Instant.ofEpochSecond(1733000000));
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999)
                .map(millis -> millis * 1_000_000), Arbitraries.integers().between(0, 999_999_999));
        return seconds.flatMap(second -> nanos.map(nano -> Instant.ofEpochSecond(second, nano)));
    }

    @Provide
    Arbitrary<String> nearlyInstants() {
        return instants().map(Instant::toString).flatMap(text -> Arbitraries.integers().between(0, text.length() - 1)
                .flatMap(at -> Arbitraries.of('0', '9', '5', '-', ':', '.', 'T', 'Z', 'x', '1')
                        .map(c -> text.substring(0, at) + c + text.substring(at + 1))))
                .filter(IsoInstantsProperties::parses);
    }

    private static boolean parses(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
