package io.aftermath.shared.mongo.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

class MapUniqueIndexTest {

    private static final List<IndexKey> STREAMS = List.of(new IndexKey("streams", true));

    @Test
    void a_document_matching_several_listed_keys_is_answered_once() {
        MapUniqueIndex<Integer> index = new MapUniqueIndex<>(new ConcurrentHashMap<>(), "streams_unique", STREAMS, false);
        index.add(new Document("streams", List.of("a#0", "a#2")), 7, null);
        index.add(new Document("streams", List.of("b#0")), 8, null);

        Document query = new Document("streams", new Document("$in", List.of("a#0", "a#2", "b#0", "c#0")));

        assertThat(index.getPositions(query)).containsExactly(7, 8);
    }
}
