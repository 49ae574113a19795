package io.aftermath.query.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.aftermath.query.QueryProperties;
import io.aftermath.shared.infrastructure.AftermathProperties;
import io.aftermath.shared.infrastructure.DaemonThreads;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.mongo.DataDirectory;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;

/**
 * The post-mortem search index, a projection of its own on each query node: Lucene files under
 * {@code <data-dir>/search-index/g<n>} (or in memory when the ledger itself is, so the two never
 * disagree after a restart). The processor's token is kept inside the index, in the user data of each
 * Lucene commit ({@link IndexTokenStore}), so documents and position are committed together: an empty
 * or missing directory simply means "start from the beginning of the log", and no crash can leave the
 * token ahead of the documents.
 * <p>
 * A rebuild replays the log from its start into generation {@code n+1} beside the processor, which keeps
 * generation {@code n} current for searches meanwhile (see {@code RebuildReplays}); once the replay has
 * caught up with the processor, held between two batches, the new one is served and written instead and
 * the old one removed. The replay writes the new generation on its own thread ({@link #replay}).
 * <p>
 * Each commit also names the log it was built from ({@link io.aftermath.shared.ledger.LedgerIdentity}):
 * the directory outlives a change of store (embedded, then {@code aftermath.mongo.uri}; a database
 * dropped or restored), and an index of another log would answer with its documents while its position
 * made the processor skip this log's events below it. It names, too, the event its position ends at,
 * which the log must hold there: a backup older than the index, restored and written past the index's
 * position, is the same store and within its head, but holds other events from the backup's head on. A
 * node that finds its index built from another store, from no named store or event (an earlier version
 * built it), ahead of the log's head, or ending at an event the log does not hold there does not serve
 * it: it starts the index afresh from the beginning of the log, and searches find more as it fills.
 * An index that starts from the beginning of a log holding events (afresh, or none was found) records
 * the head it saw then, and until it has committed every event below it searches are {@link #rebuilding()
 * rebuilding}, as reads of a projection being rebuilt are: without that, partial results read as complete.
 * <p>
 * While events flow, the processor commits at most once per {@code aftermath.query.search.commit-interval}: a
 * commit flushes a segment, which later merges copy again: committing every batch of a ticket storm took a third
 * of a 2-core node's CPU on the memory backend (docs/benchmarks.md). A batch that ends sooner leaves its
 * documents to the next commit, made at the next batch's end once the interval is up, or as the processor
 * waits for events ({@link SearchEventSource}), stops, or starts again. Searches see a batch's documents only
 * once committed, so {@link #committed()} is what reads wait for.
 * <p>
 * The processor's commits reach the disk at most once per {@code aftermath.query.search.sync-interval}; the others
 * only make the documents searchable (Lucene's near-real-time reader, nothing synced). A Lucene commit syncs every
 * file written since the last one: about 30 per commit in a ticket storm on the H2 backend, a fifth of the
 * processor's time at 25 ms (docs/benchmarks.md). A crash loses what was not synced, which the processor indexes
 * again from the position the last synced commit holds (every write replaces its document); a stop syncs. An index
 * in memory syncs every commit.
 * <p>
 * The format its documents are written in is recorded beside it. A node that finds its index, of this
 * log, in an earlier format rebuilds it that way as it starts, serving the old one meanwhile. The old one's
 * commits keep its format, so a node stopped before the switch rebuilds it again as it starts.
 */
@Component
public class SearchIndex implements AutoCloseable {

    /**
     * 2: each text field has an unstemmed sibling (SearchDocuments.unstemmed); 3: accents folded (FoldingAnalyzer);
     * 4: a lesson's service is searchable text; 5: each document stores what GET /api/postmortems/{id} shows
     * (SearchDocuments' stored-only fields); 6: a lesson's linked text (its tickets' titles and resolution summaries,
     * its action items' titles) is searchable, and each ticket's and action item's text is kept for it; 7: the O', D'
     * and L' of names are elided (FoldingAnalyzer).
     */
    static final int FORMAT_VERSION = 7;
    private static final String CURRENT = "CURRENT";
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);
    private static final Document DELETED = new Document();

    /*
     * Lucene refuses a query of more than 1,024 clauses, and every word of q is one clause in each weighted
     * field: a pasted paragraph of 150 words was a 500. A request line holds at most 4 KB (Netty's initial
     * line), so q at most ~2,048 words ("a+b+…"): one clause for each in every field, and one spare for the
     * filters, is a bound no typed text passes. Prefixes and fuzzy terms expand further, but a q holds at most
     * ten (SearchQueryParser), a prefix stays one clause and a fuzzy term becomes at most 11 in a field
     * (NearSpellings.EXPANSIONS and the word's stem): 770 more at most. Should that change, PostmortemSearch
     * still refuses a query past the bound with 400. The setting is the JVM's: this index is its only Lucene use.
     */
    static {
        IndexSearcher.setMaxClauseCount(2_048 * (SearchDocuments.WEIGHTS.size() + 1));
    }

    /** One generation: its directory, writer, searchers and the state its handlers keep. */
    static final class Generation {
        final int number;
        final Directory directory;
        final IndexWriter writer;
        final SearcherManager searchers;
        /** Ticket id to severity ordinal and the position it was set at, for lessons' severity. */
        final Map<String, long[]> tickets = new HashMap<>();
        final Map<String, Set<String>> lessonsByTicket = new HashMap<>();
        /**
         * The lessons, tickets and action items written since the last commit, stored fields only ({@link #DELETED}
         * for one deleted): handlers read what they wrote from here, and everything else from the last commit.
         */
        final Map<String, Document> pending = new HashMap<>();
        /**
         * What its last commit recorded when it was opened; its format is the one its commits go on recording, an
         * earlier version's until the generation is replaced.
         */
        final IndexCommit opened;
        /** Every event before it is searchable. */
        volatile long committed;
        /** Every event before it is in the commit on disk, which holds this position as the processor's token. */
        volatile long synced;
        /** See {@link IndexCommit#rebuildingTo()}. */
        volatile long rebuildingTo;

        /**
         * Afresh, it starts empty over what the directory holds, which is only replaced at its first
         * commit: a node stopped before then finds the old index again and decides again.
         */
        Generation(int number, Directory directory, Analyzer analyzer, boolean afresh) throws IOException {
            this.number = number;
            this.directory = directory;
            this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setOpenMode(afresh
                    ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            this.searchers = new SearcherManager(writer, null);
            opened = IndexCommit.read(writer.getLiveCommitData());
            committed = opened.position();
            synced = committed;
            rebuildingTo = opened.rebuildingTo();
            loadState();
        }

        private void loadState() throws IOException {
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                StoredFields fields = searcher.storedFields();
                for (String kind : List.of(SearchDocuments.TICKET, SearchDocuments.LESSON)) {
                    TopDocs all = searcher.search(new TermQuery(new Term(SearchDocuments.KIND, kind)),
                            Math.max(1, reader.maxDoc()));
                    for (ScoreDoc hit : all.scoreDocs) {
                        Document document = fields.document(hit.doc);
                        if (SearchDocuments.TICKET.equals(kind)) {
                            tickets.put(document.get(SearchDocuments.TICKET_ID), new long[] {
                                    Long.parseLong(document.get(SearchDocuments.SEVERITY_ORDINAL)),
                                    Long.parseLong(document.get(SearchDocuments.TICKET_POSITION))});
                        } else {
                            for (String ticketId : document.getValues(SearchDocuments.TICKET_IDS)) {
                                lessonsByTicket.computeIfAbsent(ticketId, t -> new HashSet<>())
                                        .add(document.get(SearchDocuments.ID));
                            }
                        }
                    }
                }
            }
        }

        void close() {
            try {
                searchers.close();
                writer.close();
                directory.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Closing search index generation {} failed: {}", number, e.toString());
            }
        }
    }

    /** The event a processor took last: {@link SearchEventSource} notes it, a commit at its position names it. */
    private record Taken(long position, String eventId) {
    }

    private final Path base;
    private final long commitIntervalNanos;
    private final long syncIntervalNanos;
    private final String storeId;
    private final LongFunction<Optional<String>> eventIdAt;
    private volatile Taken taken;
    /** Where the processor's last batch ended; beyond what its generation committed while that commit waits. */
    private volatile long reached;
    /** When the processor last committed. */
    private volatile long processorCommittedAt;
    /** When the processor's commit last reached the disk. */
    private volatile long processorSyncedAt;
    private final Analyzer analyzer = SearchDocuments.analyzer();
    private final ScheduledExecutorService retirements = DaemonThreads.scheduler("search-index-retire");
    /** Searches read it and the processor writes it. */
    private volatile Generation serving;
    /** The generation a rebuild's replay writes; null when none is under way. */
    private volatile Generation rebuilt;
    /** Set on the replay's thread while it applies a batch: the handlers it runs write the rebuilt generation. */
    private final ThreadLocal<Generation> replaying = new ThreadLocal<>();

    /**
     * Named for Spring: with a second constructor and neither marked, Spring took the one without
     * arguments, and every node kept its index in memory and read the whole log again at each start.
     */
    @Autowired
    public SearchIndex(AftermathProperties aftermath, QueryProperties properties, MongoLedgerStorageEngine ledger) {
        this(storedIn(aftermath, properties), properties.search().commitInterval(), properties.search().syncInterval(),
                ledger.identity().id(), ledger.head(), ledger::eventIdAt);
    }

    /** An index held in memory only, for tests. */
    public static SearchIndex inMemory() {
        return new SearchIndex(null, "in-memory", 0, position -> Optional.empty());
    }

    /**
     * Under {@code base}, or in memory when it is null; for the log {@code storeId} names, whose head is
     * {@code head} and whose event at a position {@code eventIdAt} names.
     */
    SearchIndex(Path base, String storeId, long head, LongFunction<Optional<String>> eventIdAt) {
        this(base, Duration.ZERO, Duration.ZERO, storeId, head, eventIdAt);
    }

    /**
     * As above, the processor committing at most once per {@code commitInterval} while events flow, to the disk at
     * most once per {@code syncInterval}.
     */
    SearchIndex(Path base, Duration commitInterval, Duration syncInterval, String storeId, long head,
                LongFunction<Optional<String>> eventIdAt) {
        this.base = base;
        this.commitIntervalNanos = commitInterval.toNanos();
        // In memory nothing is synced, and the SSE runs on the memory backend were no better with its commits left to
        // Lucene's near-real-time reader (docs/benchmarks.md): every commit stays whole there.
        this.syncIntervalNanos = base == null ? 0 : syncInterval.toNanos();
        this.processorCommittedAt = System.nanoTime() - commitIntervalNanos;
        this.processorSyncedAt = System.nanoTime() - syncIntervalNanos;
        this.storeId = storeId;
        this.eventIdAt = eventIdAt;
        Generation found = open(currentGeneration(), false);
        removeOtherGenerations(found.number);
        Optional<String> unfit = found.opened.unfitFor(storeId, head, eventIdAt);
        if (unfit.isPresent()) {
            LOG.warn("Search index generation {} {}: not serving it; indexing the log again from its start,"
                    + " searches find more as it fills and are marked rebuilding until it reaches the head, {}",
                    found.number, unfit.get(), head);
            found.close();
            found = open(found.number, true);
        } else if (found.committed == 0 && head > 0) {
            LOG.info("Search index generation {} is empty: indexing the log from its start, searches are marked"
                    + " rebuilding until it reaches the head, {}", found.number, head);
        }
        if (found.committed == 0) {
            found.rebuildingTo = head;
        }
        this.serving = found;
        if (serving.opened.format() < FORMAT_VERSION) {
            LOG.info("Search index generation {} is in format {}, this version writes {}: rebuilding it from the log,"
                    + " searches use it meanwhile", serving.number, serving.opened.format(), FORMAT_VERSION);
            beginRebuild();
        }
    }

    private static Path storedIn(AftermathProperties aftermath, QueryProperties properties) {
        boolean inMemory = aftermath.mongo().isEmbedded()
                && aftermath.mongo().embedded().backend() == EmbeddedMongoSettings.Backend.MEMORY;
        if (inMemory) {
            return null;
        }
        return properties.search().directory() != null ? properties.search().directory()
                : aftermath.dataDir().resolve("search-index");
    }

    Analyzer analyzer() {
        return analyzer;
    }

    /** The generation handlers write: the rebuilt one on a replay's thread, else the one served. */
    Generation writing() {
        Generation replay = replaying.get();
        return replay != null ? replay : serving;
    }

    /** Searches use this one: the last fully committed state, or the old generation during a rebuild. */
    SearcherManager searchers() {
        return serving.searchers;
    }

    /**
     * Where a document is read whole: the generation searches use, unless it was written in an earlier format,
     * whose documents lack what a whole read shows (a post-mortem's Markdown, a lesson's factors apart); then
     * the generation the format's rebuild writes, as far as it got. Searches still use the old one meanwhile.
     */
    SearcherManager wholeDocuments() {
        Generation served = serving;
        Generation rebuilding = rebuilt;
        return served.opened.format() < FORMAT_VERSION && rebuilding != null ? rebuilding.searchers : served.searchers;
    }

    /** The number of the generation searches use (its directory's {@code g<n>}). */
    public int generation() {
        return serving.number;
    }

    /**
     * Every event before this position is in the index searches use; the processor goes on from it once it is synced
     * (as the processor stops or starts), after a crash from the last sync.
     */
    public long committed() {
        return serving.committed;
    }

    /**
     * Searches miss events the log held: a rebuild writes a new generation while the old one serves, or the
     * index started from the beginning of a log that held events and has not yet committed all of them.
     */
    public boolean rebuilding() {
        return servingOldGeneration() || serving.committed < serving.rebuildingTo;
    }

    /** A rebuild's replay writes a new generation while searches use the old one, kept current by the processor. */
    public boolean servingOldGeneration() {
        return rebuilt != null;
    }

    /** Where the rebuild under way ends: the served generation's position, or the head the index started below. */
    public long rebuildTarget() {
        return servingOldGeneration() ? serving.committed : serving.rebuildingTo;
    }

    /** How far a rebuild's replay has got: every event before it is in the new generation; 0 when none runs. */
    public long rebuildPosition() {
        Generation rebuilding = rebuilt;
        return rebuilding == null ? 0 : rebuilding.committed;
    }

    void update(String id, Document document) {
        Generation generation = writing();
        try {
            generation.writer.updateDocument(new Term(SearchDocuments.ID, id), document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!SearchDocuments.POSTMORTEM.equals(document.get(SearchDocuments.KIND))) {
            generation.pending.put(id, storedOnly(document));
        }
    }

    void delete(String id) {
        Generation generation = writing();
        try {
            generation.writer.deleteDocuments(new Term(SearchDocuments.ID, id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generation.pending.put(id, DELETED);
    }

    /**
     * The stored fields of a lesson, ticket or action item as the generation being written holds it, including
     * what was written since its last commit; null if it holds none.
     */
    Document stored(String id) {
        Document pending = writing().pending.get(id);
        if (pending != null) {
            return pending == DELETED ? null : pending;
        }
        return reading(searcher -> {
            TopDocs found = searcher.search(new TermQuery(new Term(SearchDocuments.ID, id)), 1);
            return found.scoreDocs.length == 0 ? null : searcher.storedFields().document(found.scoreDocs[0].doc);
        });
    }

    /**
     * The stored fields of the lessons, tickets or action items {@code query} finds in the generation being
     * written, including what was written since its last commit, which {@code matches} tells apart as
     * {@code query} would.
     */
    List<Document> stored(Query query, Predicate<Document> matches) {
        Generation generation = writing();
        List<Document> found = new ArrayList<>(reading(searcher -> {
            List<Document> committed = new ArrayList<>();
            StoredFields fields = searcher.storedFields();
            // Counted first: a search for as many hits as the index holds documents allocates a queue that large.
            for (ScoreDoc hit : searcher.search(query, Math.max(1, searcher.count(query))).scoreDocs) {
                Document document = fields.document(hit.doc);
                if (!generation.pending.containsKey(document.get(SearchDocuments.ID))) {
                    committed.add(document);
                }
            }
            return committed;
        }));
        generation.pending.values().stream().filter(document -> document != DELETED).filter(matches)
                .forEach(found::add);
        return found;
    }

    /**
     * Reads the generation being written as of its last commit: handlers read it between commits without making
     * what they wrote visible, which would write a small segment each time ({@link Generation#pending} has that).
     */
    private <T> T reading(IOFunction<IndexSearcher, T> read) {
        SearcherManager searchers = writing().searchers;
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return read.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What reading the document back from the index would give: its stored fields. */
    private static Document storedOnly(Document document) {
        Document stored = new Document();
        for (IndexableField field : document.getFields()) {
            if (field.fieldType().stored()) {
                stored.add(field);
            }
        }
        return stored;
    }

    /** Notes the event the processor has just taken from the log, which may be the last before a commit. */
    void took(long position, String eventId) {
        taken = new Taken(position, eventId);
    }

    /**
     * Where the live processor stands, every event before it processed, whether or not its commit waits; the
     * generation searches use.
     */
    public long processed() {
        return Math.max(reached, serving.committed);
    }

    /**
     * The processor's batch ended at {@code processedBefore}: commits it, unless the last commit is more recent than
     * the commit interval, when it waits for a later one. On the processor's thread.
     */
    void processorReached(long processedBefore) {
        reached = processedBefore;
        if (System.nanoTime() - processorCommittedAt >= commitIntervalNanos) {
            commitReached(false);
        }
    }

    /**
     * How long the commit of what the processor reached, or its sync, may still wait, in milliseconds: 0 when due,
     * -1 when none waits.
     */
    long commitDueInMillis() {
        long now = System.nanoTime();
        long due = -1;
        if (reached > serving.committed) {
            due = millisLeft(commitIntervalNanos, processorCommittedAt, now);
        }
        if (serving.synced < serving.committed) {
            long sync = millisLeft(syncIntervalNanos, processorSyncedAt, now);
            due = due < 0 ? sync : Math.min(due, sync);
        }
        return due;
    }

    private static long millisLeft(long intervalNanos, long since, long now) {
        long left = intervalNanos - (now - since);
        return left <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(left) + 1;
    }

    /**
     * Commits what the processor reached, if its commit waits, to the disk if {@code sync} or its sync is due. On the
     * processor's thread at a batch's end, or between two batches in the batch gate (it waits for events, stops or
     * starts again; {@link SearchBatches}), so nothing of a batch is half written and a rebuild's switch never meets
     * it.
     */
    synchronized void commitReached(boolean sync) {
        long position = processed();
        long now = System.nanoTime();
        boolean toDisk = (sync || now - processorSyncedAt >= syncIntervalNanos) && position > serving.synced;
        if (position > serving.committed || toDisk) {
            commit(position, toDisk);
            processorCommittedAt = now;
            if (toDisk) {
                processorSyncedAt = now;
            }
        }
    }

    /** Commits the documents written so far with the processor's position to the disk, and makes them searchable. */
    void commit(long processedBefore) {
        commit(processedBefore, true);
    }

    /**
     * Makes the documents written so far searchable, and when {@code sync}, commits them to the disk with the
     * processor's position; what is not synced a restart indexes again.
     */
    private void commit(long processedBefore, boolean sync) {
        Generation generation = writing();
        long rebuildingTo = processedBefore < generation.rebuildingTo ? generation.rebuildingTo : 0;
        try {
            if (sync) {
                String lastEvent = processedBefore == 0 ? null : eventBefore(processedBefore);
                generation.writer.setLiveCommitData(new IndexCommit(processedBefore, generation.opened.format(),
                        storeId, lastEvent, rebuildingTo).userData());
                generation.writer.commit();
                generation.synced = processedBefore;
            }
            // What handlers read next comes from this searcher, so it is current before pending is let go.
            generation.searchers.maybeRefreshBlocking();
            generation.pending.clear();
            generation.committed = processedBefore;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (generation.rebuildingTo > 0 && rebuildingTo == 0) {
            LOG.info("Search index generation {} has reached the head it started below, {}: no longer rebuilding",
                    generation.number, generation.rebuildingTo);
        }
        generation.rebuildingTo = rebuildingTo;
    }

    /**
     * The event at {@code position - 1}: the one the processor took last, which the token it stores stands
     * at. Should it store a token it did not read its way to, the log is asked.
     */
    private String eventBefore(long position) {
        Taken last = taken;
        return last != null && last.position() == position - 1 ? last.eventId()
                : eventIdAt.apply(position - 1).orElse(null);
    }

    /** Starts a new generation for a rebuild, which {@link #replay} writes; false if one is under way. */
    public synchronized boolean beginRebuild() {
        if (servingOldGeneration()) {
            return false;
        }
        int next = serving.number + 1;
        deleteGeneration(next);
        rebuilt = open(next, true);
        return true;
    }

    /**
     * Runs {@code handlers} (the search projection's, on events from {@link #rebuildPosition()} on) against the
     * generation the rebuild writes, then commits it at {@code processedBefore}; false when no rebuild is under way.
     */
    public boolean replay(Handlers handlers, long processedBefore) throws Exception {
        Generation rebuilding = rebuilt;
        if (rebuilding == null) {
            return false;
        }
        replaying.set(rebuilding);
        try {
            handlers.run();
            commit(processedBefore);
        } finally {
            replaying.remove();
        }
        return true;
    }

    /** The search projection's handlers, run on a batch of events. */
    @FunctionalInterface
    public interface Handlers {
        void run() throws Exception;
    }

    /**
     * Serves and writes the rebuilt generation once it holds every event the served one does; true when it did.
     * The caller holds the processor between two batches, so its next one goes to the new generation.
     */
    public synchronized boolean completeRebuildIfCaughtUp() {
        Generation rebuilding = rebuilt;
        if (rebuilding == null || rebuilding.committed < serving.committed) {
            return false;
        }
        Generation retired = serving;
        serving = rebuilding;
        rebuilt = null;
        recordCurrent(serving.number);
        // Searches still holding the old generation's searcher finish first.
        retirements.schedule(() -> {
            retired.close();
            deleteGeneration(retired.number);
        }, 30, TimeUnit.SECONDS);
        return true;
    }

    @Override
    public void close() {
        retirements.shutdownNow();
        Generation rebuilding = rebuilt;
        if (rebuilding != null) {
            rebuilding.close();
        }
        serving.close();
    }

    private Generation open(int number, boolean afresh) {
        try {
            Directory directory = base == null ? new ByteBuffersDirectory()
                    : FSDirectory.open(Files.createDirectories(
                            DataDirectory.createOwnerOnlyDirectories(base).resolve("g" + number)));
            return new Generation(number, directory, analyzer, afresh);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the search index at " + base, e);
        }
    }

    private int currentGeneration() {
        try {
            Path current = base == null ? null : base.resolve(CURRENT);
            return current != null && Files.exists(current) ? Integer.parseInt(Files.readString(current).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private void recordCurrent(int number) {
        if (base == null) {
            return;
        }
        try {
            Path temporary = base.resolve(CURRENT + ".tmp");
            Files.writeString(temporary, Integer.toString(number));
            Files.move(temporary, base.resolve(CURRENT), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A rebuild interrupted by a restart leaves a newer generation behind; it is started over when asked. */
    private void removeOtherGenerations(int keep) {
        if (base == null || !Files.isDirectory(base)) {
            return;
        }
        try (Stream<Path> children = Files.list(base)) {
            children.filter(Files::isDirectory)
                    .filter(path -> path.getFileName().toString().matches("g\\d+"))
                    .filter(path -> !path.getFileName().toString().equals("g" + keep))
                    .forEach(path -> deleteGeneration(Integer.parseInt(path.getFileName().toString().substring(1))));
        } catch (IOException e) {
            LOG.warn("Could not list {}: {}", base, e.toString());
        }
    }

    private void deleteGeneration(int number) {
        if (base == null) {
            return;
        }
        Path directory = base.resolve("g" + number);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", directory, e.toString());
        }
    }
}
