package io.aftermath.shared.mongo.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.bson.Document;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The set lookup answers exactly what mongo-java-server's matcher answers, for any query and document. */
class InListMatchProperties {

    @Property(tries = 3000)
    void answers_what_the_stock_matcher_answers(@ForAll("documents") Document document,
                                                @ForAll("queries") Document query) {
        boolean stock = new DefaultQueryMatcher().matches(document, query);

        assertThat(new InListMatch().matches(document, query, new DefaultQueryMatcher()::matches)).isEqualTo(stock);
    }

    @Property(tries = 300)
    void the_stock_matcher_is_left_only_the_shapes_the_set_cannot_answer(@ForAll("plainDocuments") Document document,
                                                                         @ForAll("plainKeys") List<Object> keys) {
        AtomicInteger delegated = new AtomicInteger();

        new InListMatch().matches(document, new Document("f", new Document("$in", keys)), (d, q) -> {
            delegated.incrementAndGet();
            return false;
        });

        assertThat(delegated).hasValue(0);
    }

    @Property(tries = 300)
    void queries_interleaved_on_one_matcher_each_get_their_own_answer(@ForAll("plainDocuments") Document document,
                                                                      @ForAll("plainKeys") List<Object> first,
                                                                      @ForAll("plainKeys") List<Object> second) {
        InListMatch matcher = new InListMatch();
        Document one = new Document("f", new Document("$in", first));
        Document other = new Document("f", new Document("$in", second));

        for (int round = 0; round < 2; round++) {
            for (Document query : List.of(one, other)) {
                assertThat(matcher.matches(document, query, new DefaultQueryMatcher()::matches))
                        .isEqualTo(new DefaultQueryMatcher().matches(document, query));
            }
        }
    }

    private static Arbitrary<Object> plainValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab1").ofMaxLength(2).map(s -> (Object) s),
                Arbitraries.integers().between(-2, 2).map(i -> (Object) i),
                Arbitraries.longs().between(-2, 2).map(l -> (Object) l),
                Arbitraries.of(Long.MAX_VALUE, Long.MAX_VALUE - 1, (1L << 53) + 1).map(l -> (Object) l),
                Arbitraries.of(1.0, -0.0, 0.0, 2.5, Double.NaN, 9.223372036854776E18).map(d -> (Object) d));
    }

    private static Arbitrary<Object> anyValues() {
        return Arbitraries.oneOf(plainValues(), plainValues(), Arbitraries.just(null),
                Arbitraries.strings().withChars("ab").ofMaxLength(1).map(s -> (Object) new Document("k", s)),
                plainValues().list().ofMaxSize(3).map(list -> (Object) list));
    }

    @Provide
    Arbitrary<Document> documents() {
        return anyValues().injectNull(0.1).map(value -> fieldOrNothing("f", value));
    }

    @Provide
    Arbitrary<Document> plainDocuments() {
        return Arbitraries.oneOf(plainValues(), plainValues().list().ofMaxSize(3).map(list -> (Object) list))
                .map(value -> new Document("f", value));
    }

    @Provide
    Arbitrary<List<Object>> plainKeys() {
        return plainValues().list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<Document> queries() {
        Arbitrary<Document> inLists = anyValues().list().ofMaxSize(5)
                .map(keys -> new Document("f", new Document("$in", keys)));
        Arbitrary<Document> plainInLists = plainValues().list().ofMaxSize(5)
                .map(keys -> new Document("f", new Document("$in", keys)));
        Arbitrary<Document> others = Arbitraries.oneOf(
                plainValues().map(value -> new Document("f", value)),
                plainValues().list().ofMaxSize(3).map(keys -> new Document("f.k", new Document("$in", keys))),
                plainValues().list().ofMaxSize(3).map(keys -> new Document("f", new Document("$nin", keys))),
                plainValues().list().ofMaxSize(3).map(keys -> new Document("f", new Document("$in", keys))
                        .append("g", new Document("$exists", false))));
        return Arbitraries.oneOf(plainInLists, plainInLists, inLists, others);
    }

    private static Document fieldOrNothing(String field, Object value) {
        Document document = new Document("_id", 1);
        if (value != null) {
            document.put(field, value);
        }
        return document;
    }
}
