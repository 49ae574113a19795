package io.aftermath.query.projection;

import java.util.OptionalLong;

import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

/**
 * How far each processor segment has got, as a plain number any node can read by key: the token
 * store's own format is Axon's business, and reading a token there would claim it.
 */
@Component
public class Checkpoints {

    static final String COLLECTION = "projection_checkpoints";

    private final MongoCollection<Document> documents;

    public Checkpoints(MongoDatabase database) {
        this.documents = database.getCollection(COLLECTION);
    }

    public void record(String processor, int segment, long processedBefore) {
        documents.replaceOne(new Document("_id", id(processor, segment)),
                new Document("_id", id(processor, segment)).append("processedBefore", processedBefore),
                new ReplaceOptions().upsert(true));
    }

    public OptionalLong read(String processor, int segment) {
        Document document = documents.find(new Document("_id", id(processor, segment))).first();
        return document == null ? OptionalLong.empty()
                : OptionalLong.of(((Number) document.get("processedBefore")).longValue());
    }

    private static String id(String processor, int segment) {
        return processor + "#" + segment;
    }
}
