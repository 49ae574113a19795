package io.aftermath.query.projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

/**
 * Which generation of its collections each projection reads and writes. A rebuild writes a new
 * generation from the start of the log while reads stay on the old one, frozen at the position it
 * had reached; once the new generation has passed that position it becomes the one read, so a reader
 * never sees the model go back in time. Kept in MongoDB so every node reads the same generation.
 */
@Component
public class Generations {

    static final String COLLECTION = "projection_generations";

    /**
     * @param frozenAt while rebuilding, the position the read generation stands at (all events before it)
     */
    public record Generation(int read, int write, long frozenAt) {

        static final Generation INITIAL = new Generation(0, 0, 0);

        public boolean rebuilding() {
            return read != write;
        }
    }

    private final MongoCollection<Document> documents;
    private final Map<String, Generation> cache = new ConcurrentHashMap<>();

    public Generations(MongoDatabase database) {
        this.documents = database.getCollection(COLLECTION);
    }

    public Generation get(String projection) {
        return cache.computeIfAbsent(projection, this::load);
    }

    /**
     * Reads every projection's generation again; other nodes' rebuilds become visible here. Synchronized with this
     * node's own changes: a read that began before a rebuild did, put in the cache after the rebuild's generation,
     * left this node writing the rebuild's replay into the old generation until the next refresh, so the new one
     * lacked the log's first events and was served without them (tester 81: a timeline 404 after a rebuild).
     */
    public synchronized void refresh() {
        for (Document document : documents.find()) {
            cache.put(document.getString("_id"), generation(document));
        }
    }

    /** Starts writing a new generation; returns null when a rebuild is already under way. */
    public synchronized Generation beginRebuild(String projection, long frozenAt) {
        Generation current = load(projection);
        if (current.rebuilding()) {
            cache.put(projection, current);
            return null;
        }
        Generation next = new Generation(current.read(), Math.max(current.read(), current.write()) + 1, frozenAt);
        return replace(projection, current, next) ? next : null;
    }

    /** Makes the rebuilt generation the one read; false when someone else already did. */
    public synchronized boolean completeRebuild(String projection, Generation rebuilding) {
        return replace(projection, rebuilding, new Generation(rebuilding.write(), rebuilding.write(), 0));
    }

    /** Abandons a rebuild that could not start; reads and writes go back to the read generation. */
    public synchronized void abortRebuild(String projection, Generation rebuilding) {
        replace(projection, rebuilding, new Generation(rebuilding.read(), rebuilding.read(), 0));
    }

    public static String collectionName(String base, int generation) {
        return generation == 0 ? base : base + "_g" + generation;
    }

    /** Compare-and-set on the whole document; the collection holds one small document per projection. */
    private boolean replace(String projection, Generation expected, Generation next) {
        boolean replaced;
        if (expected.equals(Generation.INITIAL) && documents.find(new Document("_id", projection)).first() == null) {
            try {
                documents.insertOne(document(projection, next));
                replaced = true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                replaced = false;
            }
        } else {
            replaced = documents.replaceOne(document(projection, expected), document(projection, next))
                    .getModifiedCount() == 1;
        }
        cache.put(projection, replaced ? next : load(projection));
        return replaced;
    }

    private Generation load(String projection) {
        Document document = documents.find(new Document("_id", projection)).first();
        return document == null ? Generation.INITIAL : generation(document);
    }

    private static Generation generation(Document document) {
        return new Generation(document.getInteger("read"), document.getInteger("write"),
                ((Number) document.get("frozenAt")).longValue());
    }

    private static Document document(String projection, Generation generation) {
        return new Document("_id", projection).append("read", generation.read()).append("write", generation.write())
                .append("frozenAt", generation.frozenAt());
    }
}
