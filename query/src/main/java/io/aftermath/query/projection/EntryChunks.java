package io.aftermath.query.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.bson.Document;

/**
 * A list that grows without bound (a timeline's entries, a ticket's history) kept in chunks of
 * {@value #SIZE} entries, {@code <ownerId>#<n>}, beside its owner document, which only counts them:
 * no document outgrows MongoDB's 16 MB however long the list, and reading it is key lookups only.
 * <p>
 * The chunks' collection is flushed before the owners': a chunk knows by its own position guard
 * whether it already holds an entry (a batch that crashed between the two), the owner only counts.
 */
public final class EntryChunks {

    public static final int SIZE = 256;

    private final ProjectionStore store;
    private final String collection;
    private final String countField;

    public EntryChunks(ProjectionStore store, String collection, String ownerCollection, String countField) {
        this.store = store;
        this.collection = collection;
        this.countField = countField;
        store.keyedByOwner(collection, ownerCollection,
                (ownerId, owner) -> chunkId(ownerId, owner == null ? 0 : Docs.intValue(owner, countField)));
    }

    /** Appends the entry to the owner's list unless its chunk holds the event already; the caller saves the owner. */
    public void append(Document owner, long position, Supplier<Document> entry) {
        int count = Docs.intValue(owner, countField);
        String chunkId = chunkId(owner.getString("_id"), count);
        Document chunk = store.load(collection, chunkId);
        if (chunk == null) {
            chunk = new Document("_id", chunkId).append("entries", new ArrayList<Document>());
        }
        if (!ProjectionStore.applied(chunk, position)) {
            Docs.documents(chunk, "entries").add(entry.get());
            store.save(collection, chunk, position);
        }
        owner.put(countField, count + 1);
    }

    /** The chunk the owner's next entry goes to. */
    private static String chunkId(String ownerId, int count) {
        return ownerId + "#" + (count / SIZE);
    }

    /** Entries {@code from} (inclusive) to {@code to} (exclusive) of the owner's list: only their chunks are read. */
    public List<Document> read(Document owner, int from, int to) {
        if (from >= to) {
            return List.of();
        }
        String ownerId = owner.getString("_id");
        List<String> chunkIds = new ArrayList<>();
        for (int i = from / SIZE; i <= (to - 1) / SIZE; i++) {
            chunkIds.add(ownerId + "#" + i);
        }
        List<Document> entries = inOrder(chunkIds);
        int skipped = from - (from / SIZE) * SIZE;
        return entries.subList(Math.min(skipped, entries.size()), Math.min(skipped + to - from, entries.size()));
    }

    /**
     * Every entry the owners count, owner by owner in the order given, each list in the order appended. A chunk
     * may already hold entries its owner does not count yet (the chunks are flushed first): they are left out, so
     * the entries agree with the owners as read (tester 71: a timeline's entries ran ahead of its metrics).
     */
    public List<Document> read(List<Document> owners) {
        List<List<String>> chunkIdsByOwner = owners.stream()
                .map(owner -> chunkIds(owner, Docs.intValue(owner, countField))).toList();
        Map<String, Document> chunks = chunks(chunkIdsByOwner.stream().flatMap(List::stream).toList());
        List<Document> entries = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            List<Document> owned = new ArrayList<>();
            for (String chunkId : chunkIdsByOwner.get(i)) {
                owned.addAll(entriesOf(chunks.get(chunkId)));
            }
            entries.addAll(owned.subList(0, Math.min(Docs.intValue(owners.get(i), countField), owned.size())));
        }
        return entries;
    }

    private static List<String> chunkIds(Document owner, int count) {
        List<String> chunkIds = new ArrayList<>();
        for (int i = 0; i < (count + SIZE - 1) / SIZE; i++) {
            chunkIds.add(owner.getString("_id") + "#" + i);
        }
        return chunkIds;
    }

    private List<Document> inOrder(List<String> chunkIds) {
        Map<String, Document> chunks = chunks(chunkIds);
        List<Document> entries = new ArrayList<>();
        for (String chunkId : chunkIds) {
            entries.addAll(entriesOf(chunks.get(chunkId)));
        }
        return entries;
    }

    private Map<String, Document> chunks(List<String> chunkIds) {
        Map<String, Document> chunks = new HashMap<>();
        if (!chunkIds.isEmpty()) {
            for (Document chunk : store.reading(collection).find(new Document("_id", new Document("$in", chunkIds)))) {
                chunks.put(chunk.getString("_id"), chunk);
            }
        }
        return chunks;
    }

    private static List<Document> entriesOf(Document chunk) {
        return chunk == null ? List.of() : Docs.documents(chunk, "entries");
    }
}
