package io.aftermath.shared.mongo.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The shortcut gives exactly the keys mongo-java-server's generic code gives, whenever it answers. */
class SingleFieldKeysProperties {

    private static final List<IndexKey> STREAMS = List.of(new IndexKey("streams", true));
    private static final MemoryUniqueIndex STOCK = new MemoryUniqueIndex("streams_1", STREAMS, false);

    @Property(tries = 2000)
    void answers_what_the_generic_code_answers(@ForAll("documents") Document document) {
        Set<KeyValue> fast = SingleFieldKeys.of(STREAMS, document);
        if (fast != null) {
            assertThat(fast).containsExactlyElementsOf(STOCK.getKeyValues(document));
        }
    }

    @Property(tries = 200)
    void compound_and_dotted_keys_are_left_to_the_generic_code(@ForAll("documents") Document document) {
        assertThat(SingleFieldKeys.of(List.of(new IndexKey("streams", true), new IndexKey("b", true)), document)).isNull();
        assertThat(SingleFieldKeys.of(List.of(new IndexKey("streams.a", true)), document)).isNull();
    }

    @Provide
    Arbitrary<Document> documents() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6).map(s -> (Object) s),
                Arbitraries.integers().between(-3, 3).map(i -> (Object) i),
                Arbitraries.longs().between(-3, 3).map(l -> (Object) l),
                Arbitraries.of(1.0, -0.0, 0.0, 2.5).map(d -> (Object) d),
                Arbitraries.just(null),
                Arbitraries.strings().ofMaxLength(3).map(s -> (Object) new Document("k", s)));
        Arbitrary<Object> lists = scalars.list().ofMaxSize(4).map(list -> (Object) list);
        Arbitrary<Object> values = Arbitraries.oneOf(scalars, lists, lists.list().ofMaxSize(2).map(l -> (Object) l));
        return values.injectNull(0.1).map(value -> {
            Document document = new Document("_id", 1);
            if (value != null) {
                document.put("streams", value);
            }
            return document;
        });
    }
}
