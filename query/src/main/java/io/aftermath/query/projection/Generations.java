package io.aftermath.query.projection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

/**
 * Which generation of its collections each projection serves and which one a rebuild replays the log
 * into. The live processor writes the generation read, so reads keep up during a rebuild; once the
 * replay has reached the live processor's position, the replayed generation becomes the one read and
 * written. Kept in MongoDB so every node serves the same generation, with how far the replay has got,
 * so a node that takes the projection over goes on from there.
 */
@Component
public class Generations {

    static final String COLLECTION = "projection_generations";
    private static final String REPLAYED_TO = "replayedTo";

    /**
     * @param write the generation a rebuild replays into; {@code read} when none runs
     * @param replayedTo while rebuilding, how far the replay has got (every event before it is in {@code write})
     */
    public record Generation(int read, int write, long replayedTo) {

        static final Generation INITIAL = new Generation(0, 0, 0);

        public boolean rebuilding() {
            return read != write;
        }
    }

    private final MongoCollection<Document> documents;
    private final Map<String, Generation> cache = new ConcurrentHashMap<>();
    /**
     * A lock per projection: one for all had each rebuild's record of its progress wait for the others' and for a
     * refresh's read, and a switch wait for all of them, with its processor held (tester 94: serving took up to 3.3 s
     * on a loaded store).
     */
    private final Map<String, Changes> changes = new ConcurrentHashMap<>();

    /** A projection's lock, and how many times this node changed what it caches for it. */
    private static final class Changes {
        /** Changed holding this object's lock. */
        private volatile long times;
    }

    public Generations(MongoDatabase database) {
        this.documents = database.getCollection(COLLECTION);
    }

    public Generation get(String projection) {
        return cache.computeIfAbsent(projection, this::load);
    }

    /**
     * Reads every projection's generation again; other nodes' rebuilds become visible here. What this node changed
     * for a projection while the read was under way is kept: a read that began before a rebuild did, put in the
     * cache after the rebuild's generation, left this node writing the rebuild's replay into the old generation
     * until the next refresh, so the new one lacked the log's first events and was served without them (tester 81:
     * a timeline 404 after a rebuild). Refreshes take turns, so an earlier read never replaces a later one.
     */
    public synchronized void refresh() {
        Map<String, Long> before = new HashMap<>();
        changes.forEach((projection, changed) -> before.put(projection, changed.times));
        List<Document> read = documents.find().into(new ArrayList<>());
        for (Document document : read) {
            String projection = document.getString("_id");
            Changes changed = changes(projection);
            synchronized (changed) {
                if (changed.times == before.getOrDefault(projection, 0L)) {
                    cache.put(projection, generation(document));
                }
            }
        }
    }

    /** The generation a rebuild begun now would replay into, read from the store. */
    public int nextGeneration(String projection) {
        Generation current = load(projection);
        return Math.max(current.read(), current.write()) + 1;
    }

    /**
     * Starts replaying into generation {@code next}; returns null when a rebuild is already under way or another
     * began meanwhile.
     */
    public Generation beginRebuild(String projection, int next) {
        synchronized (changes(projection)) {
            Generation current = load(projection);
            if (current.rebuilding() || Math.max(current.read(), current.write()) + 1 != next) {
                cached(projection, current);
                return null;
            }
            Generation rebuilding = new Generation(current.read(), next, 0);
            return replace(projection, current, rebuilding) ? rebuilding : null;
        }
    }

    /** Records how far the replay has got; null when the rebuild changed meanwhile (another node replays it). */
    public Generation replayed(String projection, Generation rebuilding, long to) {
        Generation next = new Generation(rebuilding.read(), rebuilding.write(), to);
        synchronized (changes(projection)) {
            return replace(projection, rebuilding, next) ? next : null;
        }
    }

    /** As stored now, bypassing what this node last read. */
    public Generation fresh(String projection) {
        synchronized (changes(projection)) {
            Generation current = load(projection);
            cached(projection, current);
            return current;
        }
    }

    /** Makes the rebuilt generation the one read; false when someone else already did. */
    public boolean completeRebuild(String projection, Generation rebuilding) {
        synchronized (changes(projection)) {
            return replace(projection, rebuilding, new Generation(rebuilding.write(), rebuilding.write(), 0));
        }
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
            replaced = documents.replaceOne(filter(projection, expected), document(projection, next))
                    .getModifiedCount() == 1;
        }
        cached(projection, replaced ? next : load(projection));
        return replaced;
    }

    private Changes changes(String projection) {
        return changes.computeIfAbsent(projection, name -> new Changes());
    }

    /** Called holding the projection's lock. */
    private void cached(String projection, Generation generation) {
        cache.put(projection, generation);
        changes(projection).times++;
    }

    private Generation load(String projection) {
        Document document = documents.find(new Document("_id", projection)).first();
        return document == null ? Generation.INITIAL : generation(document);
    }

    /**
     * A rebuild begun by a version that froze reads instead recorded {@code frozenAt} and no replay: its new
     * generation is replayed again from the start, which the position guards make harmless.
     */
    private static Generation generation(Document document) {
        return new Generation(document.getInteger("read"), document.getInteger("write"),
                document.get(REPLAYED_TO) instanceof Number replayed ? replayed.longValue() : 0);
    }

    /** The stored document as expected; one an earlier version wrote has no replay position, which counts as 0. */
    private static Document filter(String projection, Generation expected) {
        Document filter = document(projection, expected);
        if (expected.replayedTo() == 0) {
            filter.put(REPLAYED_TO, new Document("$in", Arrays.asList(0L, null)));
        }
        return filter;
    }

    private static Document document(String projection, Generation generation) {
        return new Document("_id", projection).append("read", generation.read()).append("write", generation.write())
                .append(REPLAYED_TO, generation.replayedTo());
    }
}
