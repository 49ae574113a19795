package io.aftermath.shared.mongo.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;

class DataSizeOnDemandTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void collection_statistics_report_the_bson_size_of_what_is_stored_now(Backend backend) {
        EmbeddedMongoSettings settings = backend == Backend.H2 ? EmbeddedMongoSettings.onDisk(dataDir)
                : EmbeddedMongoSettings.inMemory();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(settings);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("aftermath");
            var things = database.getCollection("things");
            Document kept = new Document("_id", 1).append("name", "kept").append("tags", List.of("a", "b"));
            Document removed = new Document("_id", 2).append("name", "removed");
            Document changed = new Document("_id", 3).append("name", "short");
            things.insertMany(List.of(kept, removed, changed));
            things.deleteOne(Filters.eq("_id", 2));
            things.updateOne(Filters.eq("_id", 3), Updates.set("name", "a good deal longer"));

            BsonDocument stats = database.runCommand(new Document("collStats", "things"), BsonDocument.class);

            Document changedNow = new Document("_id", 3).append("name", "a good deal longer");
            assertThat(stats.getNumber("size").intValue()).isEqualTo(bsonSize(kept) + bsonSize(changedNow));
            assertThat(stats.getNumber("count").intValue()).isEqualTo(2);
        }
    }

    private static int bsonSize(Document document) {
        return new RawBsonDocument(document, new DocumentCodec()).getByteBuffer().remaining();
    }
}
