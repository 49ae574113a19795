package io.aftermath.query.projection;

import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

/**
 * The format each shared projection's documents are written in, kept in {@value #COLLECTION}. A version
 * that changes how a projection keeps its documents raises its number in {@link #CURRENT}; a node that
 * finds a projection in an older format rebuilds it as it starts, so an upgrade needs no manual step
 * (before, each such change asked operators to rebuild by hand, and a projection they forgot showed
 * tickets without their earlier history).
 */
@Component
public class ProjectionFormats {

    static final String COLLECTION = "projection_formats";
    /** What a store written before formats were recorded holds. */
    public static final int UNRECORDED = 1;
    /**
     * 2 for tickets and triage: a ticket's history in chunks and what each duplicate brought in documents of
     * their own.
     */
    private static final Map<String, Integer> CURRENT = Map.of(ProjectionNames.TRIAGE, 2,
            ProjectionNames.TICKETS, 2, ProjectionNames.RELEASES, 1, ProjectionNames.TIMELINES, 1);

    private final MongoCollection<Document> documents;

    public ProjectionFormats(MongoDatabase database) {
        this.documents = database.getCollection(COLLECTION);
    }

    public int current(String projection) {
        return CURRENT.get(projection);
    }

    /** The format recorded; empty for a projection recorded in none (a new store, or one from before formats). */
    public Optional<Integer> recorded(String projection) {
        Document document = documents.find(new Document("_id", projection)).first();
        return Optional.ofNullable(document).map(found -> ((Number) found.get("format")).intValue());
    }

    /** Records that the projection's documents are now all in this version's format. */
    public void recordCurrent(String projection) {
        documents.replaceOne(new Document("_id", projection),
                new Document("_id", projection).append("format", current(projection)),
                new ReplaceOptions().upsert(true));
    }
}
