package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.aftermath.shared.testing.EmbeddedMongo;

class WritesMarkTest {

    private final MongoDatabase database = EmbeddedMongo.freshDatabase();
    private final ProjectionStore store = new ProjectionStore(database, new Generations(database), "marked",
            List.of("heads", "plain"));

    @Test
    void each_write_of_a_marked_collection_counts_and_ends_done() {
        store.markWrites("heads");

        store.save("heads", new Document("_id", "a"), 1);
        Document once = store.writesMark("heads");
        store.save("heads", new Document("_id", "b"), 2);
        store.save("plain", new Document("_id", "c"), 3);

        assertThat(once.get("seq")).isEqualTo(1L);
        assertThat(store.writesMark("heads").get("seq")).isEqualTo(2L);
        assertThat(store.writesMark("heads").getBoolean("writing")).isFalse();
        assertThat(store.writesMark("plain")).isNull();
    }

    @Test
    void a_read_between_marks_is_whole_only_if_no_write_was_under_way_or_began() {
        Document done = new Document("seq", 4L).append("writing", false);

        assertThat(ProjectionStore.noWriteBetween(done, new Document(done))).isTrue();
        assertThat(ProjectionStore.noWriteBetween(null, null)).isTrue();
        assertThat(ProjectionStore.noWriteBetween(done, new Document("seq", 5L).append("writing", false))).isFalse();
        assertThat(ProjectionStore.noWriteBetween(new Document("seq", 5L).append("writing", true),
                new Document("seq", 5L).append("writing", true))).isFalse();
        assertThat(ProjectionStore.noWriteBetween(null, done)).isFalse();
    }
}
