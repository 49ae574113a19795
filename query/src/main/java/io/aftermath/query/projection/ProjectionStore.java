package io.aftermath.query.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.bulk.BulkWriteResult;

/**
 * The MongoDB documents of one projection. Every document carries {@value #POSITION}, the position of
 * the last event applied to it: a handler skips an event at or below it, so replaying events (twice,
 * or an old one after a newer one) changes nothing.
 * <p>
 * Writes are compare-and-set on {@code (_id, _pos)} as read, backed by a unique index on exactly those
 * keys: the embedded server uses an index only for equality on a unique index's keys, so a guard such
 * as {@code _pos < n} would scan the collection (measured: 44 ms per write at 100k documents, against
 * 0.3 ms for this). A write that finds the document changed since it was read means another writer
 * and fails the batch ({@link ProjectionConflictException}).
 * <p>
 * Inside a processing batch documents are cached and written at its end, collection by collection
 * in the order given: a projection whose document of one collection is derived from the previous
 * state of another lists the derived one first, so a crash between the two never loses that state.
 */
public final class ProjectionStore {

    public static final String POSITION = "_pos";
    /**
     * The document of a collection whose writes are marked that counts them ({@code seq}) and says whether one is
     * under way ({@code writing}). Its id is no id a handler saves.
     */
    public static final String WRITES = "~writes";
    /**
     * Of a document of a marked collection: the write that last changed it (the mark's {@code seq} then) and the
     * document as it stood before that write, absent when the write created it. A read that met one write can
     * so take back what that write changed, and answer the state before it ({@link #asBefore}).
     */
    public static final String WRITE = "_write";
    public static final String BEFORE = "_before";
    /** {@link #writeMet}: no write of the collection was under way or began between the two readings. */
    public static final long NO_WRITE = 0;
    /** {@link #writeMet}: writes followed one another: a document may hold the second, with the first's state lost. */
    public static final long SEVERAL_WRITES = -1;
    private static final String CAS_INDEX = "id_pos_unique";
    private static final int PREFETCH_FROM_BATCH_SIZE = 8;
    /** Keys per {@code $in}: the embedded server matches each document against the list one by one. */
    private static final int PREFETCH_CHUNK = 256;

    private final MongoDatabase database;
    private final Generations generations;
    private final String projection;
    private final List<String> collections;
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();
    /** Collections keyed otherwise than by the ids a batch's events name (chunks, contributions): not prefetched by them. */
    private final Set<String> keyedOtherwise = ConcurrentHashMap.newKeySet();
    /** Of those, the ones whose keys a batch's owner documents give ({@link #keyedByOwner}): prefetched after them. */
    private final Map<String, OwnedKey> keyedByOwner = new ConcurrentHashMap<>();
    /** Collections whose writes are marked ({@link #WRITES}), for reads of several documents that must agree. */
    private final Set<String> markedWrites = ConcurrentHashMap.newKeySet();

    public ProjectionStore(MongoDatabase database, Generations generations, String projection,
                           List<String> collectionsInFlushOrder) {
        this.database = database;
        this.generations = generations;
        this.projection = projection;
        this.collections = List.copyOf(collectionsInFlushOrder);
    }

    public String projection() {
        return projection;
    }

    /** True when the document already holds the event at {@code position} (or a later one). */
    public static boolean applied(Document document, long position) {
        return document != null && position(document) >= position;
    }

    public static long position(Document document) {
        Object value = document.get(POSITION);
        return value == null ? -1 : ((Number) value).longValue();
    }

    /**
     * Marks a collection whose documents are keyed otherwise than by the ids a batch's events name: a prefetch
     * by those ids would find nothing there, so it asks only the collections they key.
     */
    public void keyedOtherwise(String collection) {
        keyedOtherwise.add(collection);
    }

    /**
     * Marks a collection whose document a batch loads for an owner of {@code ownerCollection} under a key only the
     * owner's stored state gives (a list's current chunk, by the owner's count): the prefetch reads those keys too,
     * once it holds the owners, null (absent) for an owner not stored yet. Else a replayed batch read them one
     * {@code find} per owner (tester 90: a {@code tickets} batch of 1,000 events took 30 s on a starved H2 store).
     */
    public void keyedByOwner(String collection, String ownerCollection, BiFunction<String, Document, String> key) {
        keyedOtherwise.add(collection);
        keyedByOwner.put(collection, new OwnedKey(ownerCollection, key));
    }

    private record OwnedKey(String ownerCollection, BiFunction<String, Document, String> key) {
    }

    /**
     * Marks every write of the collection, before and after it, and keeps in each document it writes the state
     * before, so that a read of several of its documents that met a write half done (MongoDB writes a batch's
     * documents one by one) can tell ({@link #writeMet}) and take that write back ({@link #asBefore}).
     */
    public void markWrites(String collection) {
        markedWrites.add(collection);
    }

    /** The collection's mark of its writes as it stands now, in the generation being served; null before any. */
    public Document writesMark(String collection) {
        return reading(collection).find(new Document("_id", WRITES)).first();
    }

    /**
     * The write a read of several documents of a marked collection met, between two readings of its mark: none
     * ({@link #NO_WRITE}), so what was read is what the last write left; the one under way or begun, by its
     * {@code seq}, whose changes {@link #asBefore} takes back; or {@link #SEVERAL_WRITES}, so read again.
     */
    public static long writeMet(Document before, Document after) {
        long from = before == null ? 0 : Docs.longValue(before, "seq");
        long to = after == null ? 0 : Docs.longValue(after, "seq");
        boolean underWayBefore = before != null && before.getBoolean("writing", false);
        if (from == to) {
            return underWayBefore || (after != null && after.getBoolean("writing", false)) ? to : NO_WRITE;
        }
        return to == from + 1 && !underWayBefore ? to : SEVERAL_WRITES;
    }

    /**
     * The document of a marked collection as it stood before the write {@code write}: itself when that write did
     * not change it, null when that write created it.
     */
    public static Document asBefore(Document document, long write) {
        return Objects.equals(document.get(WRITE), write) ? document.get(BEFORE, Document.class) : document;
    }

    /** The document as the handlers see it: this batch's copy, or the stored one; null when absent. */
    public Document load(String collection, String id) {
        ProjectionBatch batch = ProjectionBatch.CURRENT.get();
        if (batch == null) {
            return writing(collection).find(new Document("_id", id)).first();
        }
        Map<String, ProjectionBatch.Entry> entries = batch.entries(this, collection);
        ProjectionBatch.Entry entry = entries.get(id);
        if (entry == null && batch.firstLoad(this)) {
            prefetch(batch);
            entry = entries.get(id);
        }
        if (entry == null) {
            entry = loaded(collection, writing(collection).find(new Document("_id", id)).first());
            entries.put(id, entry);
        }
        return entry.document;
    }

    private ProjectionBatch.Entry loaded(String collection, Document stored) {
        if (stored == null) {
            return new ProjectionBatch.Entry(null, null);
        }
        // The copy is what a marked write keeps as the state before it; the CAS on _pos makes it the stored one.
        Document copy = markedWrites.contains(collection) ? Docs.copyWithout(stored, BEFORE) : null;
        return new ProjectionBatch.Entry(stored, position(stored), copy);
    }

    /**
     * Reads, with one {@code $in} per collection, every document the batch's events name (see
     * {@link BatchIds}); an id the answer lacks is known to be absent, so its load costs nothing either.
     * Worth it only for batches of several events: live, one event loads one document.
     */
    private void prefetch(ProjectionBatch batch) {
        if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> unitOfWork)
                || unitOfWork.getMessages().size() < PREFETCH_FROM_BATCH_SIZE) {
            return;
        }
        List<String> ids = List.copyOf(BatchIds.of(unitOfWork.getMessages()));
        for (String collection : collections) {
            if (!keyedOtherwise.contains(collection)) {
                prefetch(batch, collection, ids);
            }
        }
        keyedByOwner.forEach((collection, owned) -> prefetch(batch, collection,
                batch.entries(this, owned.ownerCollection()).entrySet().stream()
                        .map(owner -> owned.key().apply(owner.getKey(), owner.getValue().document))
                        .distinct().toList()));
    }

    private void prefetch(ProjectionBatch batch, String collection, List<String> ids) {
        Map<String, ProjectionBatch.Entry> entries = batch.entries(this, collection);
        List<String> missing = ids.stream().filter(id -> !entries.containsKey(id)).toList();
        for (int from = 0; from < missing.size(); from += PREFETCH_CHUNK) {
            List<String> chunk = missing.subList(from, Math.min(missing.size(), from + PREFETCH_CHUNK));
            for (Document stored : writing(collection).find(Filters.in("_id", chunk))) {
                entries.put(stored.getString("_id"), loaded(collection, stored));
            }
            for (String id : chunk) {
                entries.putIfAbsent(id, new ProjectionBatch.Entry(null, null));
            }
        }
    }

    /**
     * The position the document stands at in the store: what it held when this batch loaded it, before the
     * batch's changes (written at its end); -1 for one not stored yet.
     */
    public long storedPosition(String collection, Document document) {
        ProjectionBatch batch = ProjectionBatch.CURRENT.get();
        if (batch == null) {
            return position(document);
        }
        ProjectionBatch.Entry entry = batch.entries(this, collection).get(document.getString("_id"));
        return entry == null || entry.originalPosition == null ? -1 : entry.originalPosition;
    }

    /** Records that the document now holds the event at {@code position}; written now or at the batch's end. */
    public void save(String collection, Document document, long position) {
        String id = document.getString("_id");
        ProjectionBatch batch = ProjectionBatch.CURRENT.get();
        if (batch == null) {
            Long original = document.containsKey(POSITION) ? position(document) : null;
            document.put(POSITION, position);
            write(collection, List.of(new ProjectionBatch.Entry(document, original)));
            return;
        }
        Map<String, ProjectionBatch.Entry> entries = batch.entries(this, collection);
        ProjectionBatch.Entry entry = entries.get(id);
        if (entry == null) {
            // Saved without a load: a new document (a stored one would have been loaded to check the guard).
            entry = new ProjectionBatch.Entry(document, null);
            entries.put(id, entry);
        } else if (entry.document != document) {
            entry = new ProjectionBatch.Entry(document, entry.originalPosition, entry.stored);
            entries.put(id, entry);
        }
        document.put(POSITION, position);
        entry.dirty = true;
    }

    /** The collection queries read: the generation being served, which during a rebuild is the old one. */
    public MongoCollection<Document> reading(String collection) {
        return database.getCollection(Generations.collectionName(collection, generations.get(projection).read()));
    }

    /** True when no collection the projection reads holds a document: nothing has been projected yet. */
    public boolean isEmpty() {
        return collections.stream().allMatch(collection -> reading(collection).find().limit(1).first() == null);
    }

    /**
     * The collection handlers load from and write to: the generation read, kept current by the live processor, or
     * in a rebuild's replay the generation it rebuilds.
     */
    MongoCollection<Document> writing(String collection) {
        Generations.Generation current = generations.get(projection);
        ProjectionBatch batch = ProjectionBatch.CURRENT.get();
        int generation = batch == null ? current.read() : batch.generation(this, current);
        String name = Generations.collectionName(collection, generation);
        MongoCollection<Document> target = database.getCollection(name);
        if (indexed.add(name)) {
            target.createIndex(new Document("_id", 1).append(POSITION, 1),
                    new IndexOptions().unique(true).name(CAS_INDEX));
        }
        return target;
    }

    /**
     * Drops one generation's collections (an old one after a rebuild, or a rebuild's leftovers). Only
     * those that exist: the embedded server answers a drop of a missing collection with an error that
     * it logs, stack trace and all, on every rebuild of a projection that never had leftovers.
     */
    public void drop(int generation) {
        Set<String> existing = database.listCollectionNames().into(new HashSet<>());
        for (String collection : collections) {
            String name = Generations.collectionName(collection, generation);
            if (existing.contains(name)) {
                database.getCollection(name).drop();
            }
            indexed.remove(name);
        }
    }

    /** The generations whose collections exist, any of them. */
    public Set<Integer> generationsPresent() {
        Set<Integer> found = new HashSet<>();
        for (String name : database.listCollectionNames()) {
            for (String collection : collections) {
                if (name.equals(collection)) {
                    found.add(0);
                } else if (name.startsWith(collection + "_g")) {
                    String generation = name.substring(collection.length() + 2);
                    if (generation.matches("\\d{1,9}")) {
                        found.add(Integer.parseInt(generation));
                    }
                }
            }
        }
        return found;
    }

    void flush(Map<String, Map<String, ProjectionBatch.Entry>> batch) {
        for (String collection : collections) {
            Map<String, ProjectionBatch.Entry> entries = batch.get(collection);
            if (entries != null) {
                write(collection, entries.values().stream().filter(entry -> entry.dirty).toList());
            }
        }
    }

    private void write(String collection, List<ProjectionBatch.Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        MongoCollection<Document> target = writing(collection);
        if (!markedWrites.contains(collection)) {
            writeAll(target, entries);
            return;
        }
        // Left writing if the node dies here: until the next write, reads take back what this one wrote.
        long seq = Docs.longValue(target.findOneAndUpdate(new Document("_id", WRITES),
                Updates.combine(Updates.inc("seq", 1L), Updates.set("writing", true)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)), "seq");
        Map<Object, Document> unkept = storedUnkept(target, entries);
        for (ProjectionBatch.Entry entry : entries) {
            Document before = entry.originalPosition == null ? null
                    : entry.stored != null ? entry.stored : unkept.get(entry.document.get("_id"));
            entry.document.append(WRITE, seq).append(BEFORE, before);
        }
        writeAll(target, entries);
        target.updateOne(new Document("_id", WRITES), Updates.set("writing", false));
    }

    /**
     * The stored state of the stored documents loaded with no copy kept (outside a batch): read with one
     * {@code $in}, none when every one was loaded in a batch.
     */
    private static Map<Object, Document> storedUnkept(MongoCollection<Document> target,
                                                      List<ProjectionBatch.Entry> entries) {
        List<Object> ids = entries.stream().filter(entry -> entry.originalPosition != null && entry.stored == null)
                .map(entry -> entry.document.get("_id")).toList();
        Map<Object, Document> stored = new HashMap<>();
        if (!ids.isEmpty()) {
            target.find(Filters.in("_id", ids)).forEach(document -> {
                document.remove(BEFORE);
                stored.put(document.get("_id"), document);
            });
        }
        return stored;
    }

    private void writeAll(MongoCollection<Document> target, List<ProjectionBatch.Entry> entries) {
        if (entries.size() == 1) {
            writeOne(target, entries.get(0));
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(entries.size());
        for (ProjectionBatch.Entry entry : entries) {
            writes.add(entry.originalPosition == null ? new InsertOneModel<>(entry.document)
                    : new ReplaceOneModel<>(casFilter(entry), entry.document));
        }
        try {
            BulkWriteResult result = target.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            if (result.getInsertedCount() + result.getMatchedCount() != writes.size()) {
                throw conflict(target, "documents changed since they were read");
            }
        } catch (MongoBulkWriteException e) {
            throw conflict(target, e.getMessage());
        }
    }

    private void writeOne(MongoCollection<Document> target, ProjectionBatch.Entry entry) {
        if (entry.originalPosition == null) {
            try {
                target.insertOne(entry.document);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    throw conflict(target, "document " + entry.document.get("_id") + " was created meanwhile");
                }
                throw e;
            }
        } else if (target.replaceOne(casFilter(entry), entry.document).getMatchedCount() != 1) {
            throw conflict(target, "document " + entry.document.get("_id") + " changed since it was read");
        }
    }

    private static Document casFilter(ProjectionBatch.Entry entry) {
        return new Document("_id", entry.document.get("_id")).append(POSITION, entry.originalPosition);
    }

    private ProjectionConflictException conflict(MongoCollection<Document> target, String detail) {
        return new ProjectionConflictException("Projection " + projection + " lost a write race on "
                + target.getNamespace().getCollectionName() + ": " + detail);
    }
}
