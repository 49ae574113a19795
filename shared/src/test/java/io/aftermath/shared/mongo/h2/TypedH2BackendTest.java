package io.aftermath.shared.mongo.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.aftermath.shared.mongo.DataDirectoryException;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;

class TypedH2BackendTest {

    @TempDir
    Path dataDir;

    @Test
    void documents_of_every_bson_type_survive_a_reopen_unchanged() {
        Document stored = new Document("_id", new ObjectId())
                .append("string", "häß")
                .append("int", 7)
                .append("long", 1L << 40)
                .append("double", 2.5)
                .append("decimal", Decimal128.parse("1.10"))
                .append("bool", true)
                .append("nothing", null)
                .append("date", java.util.Date.from(Instant.parse("2026-11-25T12:00:00Z")))
                .append("binary", new Binary(new byte[] {1, 2, 3}))
                .append("uuid", new Binary((byte) 4, new byte[16]))
                .append("nested", new Document("list", List.of(1, "two", new Document("three", 3L))));
        withCollection(collection -> collection.insertOne(stored));

        withCollection(collection -> assertThat(collection.find().first()).isEqualTo(stored));
    }

    @Test
    void unique_indexes_still_refuse_duplicates_after_a_reopen() {
        withCollection(collection -> {
            collection.createIndex(Indexes.ascending("streams"), new IndexOptions().unique(true));
            collection.insertOne(new Document("_id", 1L).append("streams", List.of("a:0", "b:0")));
        });

        withCollection(collection -> {
            assertThatThrownBy(() -> collection.insertOne(new Document("_id", 2L).append("streams", List.of("b:0"))))
                    .isInstanceOfSatisfying(MongoWriteException.class, e ->
                            assertThat(ErrorCategory.fromErrorCode(e.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            assertThatThrownBy(() -> collection.insertOne(new Document("_id", 1L)))
                    .isInstanceOf(MongoWriteException.class);
            collection.insertOne(new Document("_id", 3L).append("streams", List.of("c:0")));
            assertThat(collection.countDocuments()).isEqualTo(2);
        });
    }

    @Test
    void a_unique_index_over_documents_that_already_collide_is_refused() {
        withCollection(collection -> {
            collection.insertMany(List.of(new Document("_id", 1).append("key", "same"),
                    new Document("_id", 2).append("key", "same")));

            assertThatThrownBy(() -> collection.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true)))
                    .hasMessageContaining("duplicate key");
            collection.insertOne(new Document("_id", 3).append("key", "same"));
            assertThat(collection.countDocuments()).isEqualTo(3);
        });
    }

    @Test
    void a_refused_unique_index_leaves_nothing_behind_for_the_next_attempt() {
        withCollection(collection -> {
            collection.insertMany(List.of(new Document("_id", 1).append("key", "a"),
                    new Document("_id", 2).append("key", "a"), new Document("_id", 3).append("key", "b")));
            assertThatThrownBy(() -> collection.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true)))
                    .hasMessageContaining("duplicate key");
            collection.deleteOne(new Document("_id", 2));

            collection.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));

            assertThat(collection.find(new Document("key", "b")).first()).isEqualTo(new Document("_id", 3).append("key", "b"));
            assertThatThrownBy(() -> collection.insertOne(new Document("_id", 4).append("key", "b")))
                    .isInstanceOf(MongoWriteException.class);
        });
        withCollection(collection -> assertThatThrownBy(() -> collection.insertOne(new Document("_id", 5).append("key", "b")))
                .isInstanceOf(MongoWriteException.class));
    }

    @Test
    void a_file_of_the_stock_java_serialized_format_is_refused_with_one_clear_line() {
        Path file = dataDir.resolve(EmbeddedMongoServer.STORE_FILE);
        MongoServer stock = new MongoServer(new H2Backend(MVStore.open(file.toString())));
        try (MongoClient client = MongoClients.create(stock.bindAndGetConnectionString())) {
            client.getDatabase("aftermath").getCollection("commits").insertOne(new Document("_id", 1L));
        } finally {
            stock.shutdownNow();
        }

        assertThatThrownBy(() -> EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir)))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageContaining("earlier storage format")
                .hasMessageNotContaining("\n");
        // Refusing it released the directory: a fresh store can be made there once the old file is moved.
        assertThat(file.toFile().renameTo(dataDir.resolve("old.mv.db").toFile())).isTrue();
        withCollection(collection -> assertThat(collection.countDocuments()).isZero());
    }

    @Test
    void keys_that_mongodb_ranks_alike_but_that_differ_stay_distinct() {
        assertThat(KeyValueType.INSTANCE.compare(new KeyValue((Object) null), new KeyValue(Missing.getInstance())))
                .isNotZero();
        assertThat(KeyValueType.INSTANCE.compare(new KeyValue(1.0, "a"), new KeyValue(1.0, "a"))).isZero();
        assertThat(KeyValueType.INSTANCE.compare(new KeyValue(1.0), new KeyValue(2.0))).isNegative();
        assertThat(KeyValueType.INSTANCE.compare(new KeyValue(1.0), new KeyValue(1.0, "a"))).isNegative();
        assertThat(BsonType.VALUES.compare(1L, 1)).isEqualTo(-BsonType.VALUES.compare(1, 1L)).isNotZero();
    }

    private void withCollection(Consumer<MongoCollection<Document>> work) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir));
             MongoClient client = MongoClients.create(server.connectionString())) {
            work.accept(client.getDatabase("aftermath").getCollection("things"));
        }
    }
}
