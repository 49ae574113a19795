package io.aftermath.shared.mongo.h2;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.ObjectId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Keys of one type skip the general comparator; files already on disk are ordered by it, so the
 * shortcut must answer as it does, sign for sign.
 */
class BsonValueOrderProperties {

    @Property(tries = 3000)
    void two_values_of_one_type_are_ordered_as_the_general_comparator_orders_them(
            @ForAll("sameTypePairs") Tuple2<Object, Object> pair) {
        Object a = pair.get1();
        Object b = pair.get2();
        assertThat(Integer.signum(BsonValueCodec.compare(a, b)))
                .isEqualTo(Integer.signum(BsonValueCodec.compareInGeneral(a, b)));
    }

    @Provide
    Arbitrary<Tuple2<Object, Object>> sameTypePairs() {
        return Arbitraries.oneOf(pairsOf(strings()), pairsOf(doubles()), pairsOf(longs()),
                pairsOf(Arbitraries.integers()), pairsOf(objectIds()));
    }

    private static <T> Arbitrary<Tuple2<Object, Object>> pairsOf(Arbitrary<T> values) {
        // Half the pairs share a prefix or a value, where a wrong tie-break would show.
        Arbitrary<Tuple2<Object, Object>> independent = Combinators.combine(values, values).as(Tuple::of);
        Arbitrary<Tuple2<Object, Object>> same = values.map(value -> Tuple.of(value, value));
        return Arbitraries.oneOf(independent, independent, same);
    }

    private static Arbitrary<Object> strings() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(8);
        Arbitrary<String> streamKeys = Arbitraries.strings().withChars("ab:-0123456789").ofMaxLength(12)
                .map(tail -> "ticket-" + tail);
        return Arbitraries.oneOf(any, streamKeys).map(Object.class::cast);
    }

    private static Arbitrary<Object> longs() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-3, 3),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1, 1L << 53)).map(Object.class::cast);
    }

    private static Arbitrary<Object> doubles() {
        return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.longs().between(-1000, 1000).map(Long::doubleValue),
                Arbitraries.of(Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0x1p53, 0x1p53 + 2,
                        0x1p63, -0x1p63, Double.MIN_VALUE, Double.MAX_VALUE)).map(Object.class::cast);
    }

    private static Arbitrary<Object> objectIds() {
        return Arbitraries.bytes().array(byte[].class).ofSize(12).map(ObjectId::new).map(Object.class::cast);
    }
}
