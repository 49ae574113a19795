package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.common.transaction.Transaction;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;

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
    void each_written_document_keeps_its_state_from_before_the_write() {
        store.markWrites("heads");
        store.save("heads", new Document("_id", "a").append("n", 1), 1);
        Document first = store.reading("heads").find(new Document("_id", "a")).first();
        first.put("n", 2);
        store.save("heads", first, 2);

        Document second = store.reading("heads").find(new Document("_id", "a")).first();

        assertThat(second.get(ProjectionStore.WRITE)).isEqualTo(2L);
        assertThat(ProjectionStore.asBefore(second, 2).get("n")).isEqualTo(1);
        assertThat(ProjectionStore.asBefore(second, 2)).doesNotContainKey(ProjectionStore.BEFORE);
        assertThat(ProjectionStore.asBefore(ProjectionStore.asBefore(second, 2), 1)).isNull();
        assertThat(ProjectionStore.asBefore(second, 1)).isSameAs(second);
    }

    @Test
    void a_batch_keeps_as_before_the_state_it_loaded_though_its_handlers_change_that_in_place() {
        store.markWrites("heads");
        store.save("heads", new Document("_id", "a").append("hotfixes", new ArrayList<>(List.of("x"))), 1);
        Transaction batch = new ProjectionTransactionManager().startTransaction();
        Document head = store.load("heads", "a");
        Docs.mutableStrings(head, "hotfixes").add("y");
        store.save("heads", head, 2);
        // Not a field a write of the batch set: seen in the state before only if the write reads it back.
        store.reading("heads").updateOne(new Document("_id", "a"), Updates.set("readBack", true));
        batch.commit();

        Document stored = store.reading("heads").find(new Document("_id", "a")).first();

        assertThat(stored.getList("hotfixes", String.class)).containsExactly("x", "y");
        Document before = ProjectionStore.asBefore(stored, 2);
        assertThat(before.getList("hotfixes", String.class)).containsExactly("x");
        assertThat(before).doesNotContainKey("readBack");
    }

    @Test
    void a_read_between_marks_met_no_write_one_it_can_take_back_or_several() {
        Document done = mark(4, false);

        assertThat(ProjectionStore.writeMet(done, new Document(done))).isEqualTo(ProjectionStore.NO_WRITE);
        assertThat(ProjectionStore.writeMet(null, null)).isEqualTo(ProjectionStore.NO_WRITE);
        assertThat(ProjectionStore.writeMet(done, mark(5, false))).isEqualTo(5);
        assertThat(ProjectionStore.writeMet(done, mark(5, true))).isEqualTo(5);
        assertThat(ProjectionStore.writeMet(mark(5, true), mark(5, true))).isEqualTo(5);
        assertThat(ProjectionStore.writeMet(mark(5, true), mark(5, false))).isEqualTo(5);
        assertThat(ProjectionStore.writeMet(null, mark(1, true))).isEqualTo(1);
        assertThat(ProjectionStore.writeMet(mark(5, true), mark(6, true))).isEqualTo(ProjectionStore.SEVERAL_WRITES);
        assertThat(ProjectionStore.writeMet(done, mark(6, false))).isEqualTo(ProjectionStore.SEVERAL_WRITES);
        assertThat(ProjectionStore.writeMet(null, done)).isEqualTo(ProjectionStore.SEVERAL_WRITES);
    }

    private static Document mark(long seq, boolean writing) {
        return new Document("seq", seq).append("writing", writing);
    }
}
