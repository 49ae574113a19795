package io.aftermath.shared.mongo.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** An {@code $in} lookup answers what mongo-java-server's stock unique index answers, in the same order. */
class MapUniqueIndexInProperties {

    private static final List<IndexKey> ID = List.of(new IndexKey("_id", true));

    @Property(tries = 1000)
    void in_lookups_answer_what_the_stock_index_answers(@ForAll("storedIds") List<Object> stored,
                                                        @ForAll("listedIds") List<Object> listed) {
        MemoryUniqueIndex stock = new MemoryUniqueIndex("_id_", ID, false);
        MapUniqueIndex<Integer> ours = new MapUniqueIndex<>(new ConcurrentHashMap<>(), "_id_", ID, false);
        for (int position = 0; position < stored.size(); position++) {
            Document document = new Document("_id", stored.get(position));
            if (stock.getPosition(document) == null) {
                stock.add(document, position, null);
                ours.add(document, position, null);
            }
        }
        Document query = new Document("_id", new Document("$in", listed));

        assertThat(ours.getPositions(query)).containsExactlyElementsOf(stock.getPositions(query));
    }

    @Provide
    Arbitrary<List<Object>> storedIds() {
        return ids().list().uniqueElements().ofMaxSize(40);
    }

    /** Mostly ascending windows of longs, as the ledger asks; also unsorted, repeated and mixed lists. */
    @Provide
    Arbitrary<List<Object>> listedIds() {
        Arbitrary<List<Object>> windows = Arbitraries.longs().between(-5, 30).flatMap(from ->
                Arbitraries.integers().between(0, 40).map(size -> {
                    List<Object> window = new ArrayList<>();
                    for (long i = from; i < from + size; i++) {
                        window.add(i);
                    }
                    return window;
                }));
        return Arbitraries.oneOf(windows, ids().list().ofMaxSize(12));
    }

    private static Arbitrary<Object> ids() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(-5, 40).map(l -> (Object) l),
                Arbitraries.of(Long.MAX_VALUE, Long.MAX_VALUE - 1, (1L << 53) + 1, 1L << 53).map(l -> (Object) l),
                Arbitraries.integers().between(-5, 40).map(i -> (Object) i),
                Arbitraries.of(1.0, 2.5, -0.0).map(d -> (Object) d),
                Arbitraries.strings().alpha().ofMaxLength(3).map(s -> (Object) s));
    }
}
