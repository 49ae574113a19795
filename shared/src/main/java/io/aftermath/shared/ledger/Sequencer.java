package io.aftermath.shared.ledger;


import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

import org.bson.RawBsonDocument;

/**
 * Decides where commits go: positions in order from the first free one, each event's hash after its
 * stream's previous one, consecutive commits of a batch in one document. Batches are sealed one at a
 * time, under a lock, and may then be written concurrently; the sequencer keeps the batches in flight,
 * so the durable head never passes one that is not written yet, and holds back a commit whose stream
 * has a commit in flight, whose hash it would have to chain to before knowing whether that commit gets
 * written at all.
 */
final class Sequencer {

    /**
     * Commits that must be waiting, at the least, before a batch is opened beside one in flight
     * ({@link #commitsBesideInFlight}). A lone commit waits for the batch in flight instead: a round
     * trip costs about as much CPU as the commit it carries (measured at four writers: with one-commit
     * batches in parallel, each event paid a whole round trip and appends were slower than with one
     * batch in flight).
     */
    private static final int MIN_COMMITS_BESIDE_IN_FLIGHT = 2;

    /** Commits share a document up to this size; a larger commit has one of its own. */
    private static final long MAX_SHARED_DOCUMENT_BYTES = 1024 * 1024;

    /**
     * One commit sealed: its first position, the keys of its stream chunks, its events as stored and
     * the size of a document holding it alone.
     */
    record Part(PendingCommit commit, long position, List<String> streamKeys, List<SealedEvent> events, long bytes) {
    }

    /**
     * A document to write: consecutive commits of one batch, or a void over the positions of commits
     * that were refused after later positions had gone out (no part). Several commits share a document
     * because the embedded server's cost of an insert is mostly per document, not per byte: one
     * document of a batch's commits measured ~10 % more appends at four writers than one per commit.
     */
    record Sealed(List<Part> parts, RawBsonDocument document, long position, int count, long committedAt) {

        static Sealed of(List<Part> parts, long committedAt) {
            List<String> keys = new ArrayList<>();
            List<SealedEvent> events = new ArrayList<>();
            int[] commitSizes = new int[parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                keys.addAll(parts.get(i).streamKeys());
                events.addAll(parts.get(i).events());
                commitSizes[i] = parts.get(i).events().size();
            }
            long position = parts.get(0).position();
            return new Sealed(List.copyOf(parts), CommitDocument.of(position, keys, committedAt, events, commitSizes),
                    position, events.size(), committedAt);
        }

        boolean isVoid() {
            return parts.isEmpty();
        }

        boolean isShared() {
            return parts.size() > 1;
        }

        List<PendingCommit> commits() {
            return parts.stream().map(Part::commit).toList();
        }

        Sealed voided(String reason) {
            return new Sealed(List.of(), CommitDocument.voidOf(position, count, committedAt, reason), position, count,
                    committedAt);
        }

        /** The same commits, a document each. */
        List<Sealed> split() {
            return parts.stream().map(part -> of(List.of(part), committedAt)).toList();
        }

        /** Whether the stored document is this one, written by an attempt whose answer was lost. */
        boolean isStoredAs(StoredCommit stored) {
            if (isVoid() || stored.isVoid()) {
                return isVoid() && stored.isVoid() && stored.count() == count;
            }
            return stored.count() == count && !stored.events().isEmpty()
                    && stored.events().get(0).eventId().equals(parts.get(0).commit().events().get(0).eventId());
        }
    }

    /** Commits sealed together, in documents for the positions [start, end). */
    record Batch(List<Sealed> documents, long start, long end) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final CommitLog commitLog;
    private final StreamTails tails;
    private final LedgerSettings settings;
    private final Clock clock;
    private final MessageDigest digest = EventHasher.newDigest();
    private final NavigableMap<Long, Batch> inFlight = new TreeMap<>();
    private final Map<String, Integer> streamsInFlight = new HashMap<>();
    private long next;
    private volatile long head;
    private Instant lastCommittedAt;
    private volatile RuntimeException stopped;

    Sequencer(CommitLog commitLog, StreamTails tails, LedgerSettings settings, Clock clock, long head,
              Instant lastCommittedAt) {
        this.commitLog = commitLog;
        this.tails = tails;
        this.settings = settings;
        this.clock = clock;
        this.next = head;
        this.head = head;
        this.lastCommittedAt = lastCommittedAt;
    }

    /** Every position below is written (a commit or a void): the log has no hole before it. */
    long head() {
        return head;
    }

    Optional<RuntimeException> stopped() {
        return Optional.ofNullable(stopped);
    }

    /**
     * Seals the queued commits that can go now into the next batch, or answers null when none can:
     * the queue is empty, its commits wait for streams in flight, or the pipeline is full. Commits
     * that cannot be valid are refused here; a commit held back goes back to the front of the queue.
     * {@code callers} counts the callers appending now, those whose commits are in flight included.
     */
    Batch nextBatch(Deque<PendingCommit> queue, int callers) {
        lock.lock();
        try {
            if (stopped != null) {
                PendingCommit queued;
                while ((queued = queue.poll()) != null) {
                    queued.refuse(new AppendsStopped("Not stored: " + stopped.getMessage()));
                }
                return null;
            }
            if (!inFlight.isEmpty() && (inFlight.size() >= settings.pipelineDepth()
                    || next >= head + settings.pipelineWindow()
                    || !holdsAtLeast(queue, commitsBesideInFlight(callers)))) {
                return null;
            }
            while (true) {
                List<PendingCommit> taken = new ArrayList<>();
                List<PendingCommit> heldBack = new ArrayList<>();
                PendingCommit queued;
                while (taken.size() < settings.maxBatchCommits() && (queued = queue.poll()) != null) {
                    (queued.touches(streamsInFlight.keySet()) ? heldBack : taken).add(queued);
                }
                for (int i = heldBack.size() - 1; i >= 0; i--) {
                    queue.addFirst(heldBack.get(i));
                }
                if (taken.isEmpty()) {
                    return null;
                }
                long committedAt = later(clock.instant(), lastCommittedAt).toEpochMilli();
                List<Part> sealed = seal(taken);
                if (!sealed.isEmpty()) {
                    return inFlight(sealed, committedAt);
                }
                // Everything taken was refused; what is left in the queue may still go.
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * At least {@link #MIN_COMMITS_BESIDE_IN_FLIGHT}, and with many callers their share of the pipeline.
     * The callers a batch answers come back one by one, so a batch opened at the second of them kept
     * sixteen writers at about 2.7 events a round trip (the kernel's count of reads), half what the
     * same writers could share, and spending more CPU per event than raw inserts: 0.98× and 1.01× their
     * rate, against 1.19–1.25× with this share (docs/benchmarks.md, `AppendCost writers=16`). At four
     * writers the share is one, so pairs still go as they form.
     */
    private int commitsBesideInFlight(int callers) {
        return Math.max(MIN_COMMITS_BESIDE_IN_FLIGHT, callers / settings.pipelineDepth());
    }

    private static boolean holdsAtLeast(Deque<PendingCommit> queue, int commits) {
        Iterator<PendingCommit> queued = queue.iterator();
        for (int i = 0; i < commits; i++) {
            if (!queued.hasNext()) {
                return false;
            }
            queued.next();
        }
        return true;
    }

    private Batch inFlight(List<Part> parts, long committedAt) {
        List<Sealed> documents = documents(parts, committedAt);
        Sealed last = documents.get(documents.size() - 1);
        Batch batch = new Batch(documents, next, last.position() + last.count());
        inFlight.put(batch.start(), batch);
        for (Part part : parts) {
            for (PendingEvent event : part.commit().events()) {
                streamsInFlight.merge(event.aggregateId(), 1, Integer::sum);
            }
        }
        next = batch.end();
        lastCommittedAt = Instant.ofEpochMilli(committedAt);
        return batch;
    }

    /** Consecutive commits share a document, up to the commits and the bytes one may hold. */
    private List<Sealed> documents(List<Part> parts, long committedAt) {
        List<Sealed> documents = new ArrayList<>();
        int first = 0;
        long bytes = 0;
        for (int i = 0; i < parts.size(); i++) {
            long partBytes = parts.get(i).bytes();
            boolean full = i - first == settings.commitsPerDocument() || bytes + partBytes > MAX_SHARED_DOCUMENT_BYTES;
            if (i > first && full) {
                documents.add(Sealed.of(parts.subList(first, i), committedAt));
                first = i;
                bytes = 0;
            }
            bytes += partBytes;
        }
        documents.add(Sealed.of(parts.subList(first, parts.size()), committedAt));
        return List.copyOf(documents);
    }

    /** The batch is over: each of its positions holds its commit or a void. */
    void settle(Batch batch) {
        lock.lock();
        try {
            settleLocked(batch);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands the positions from {@code from} back, if nothing was sealed after this batch, and queues
     * {@code again} in front to be sealed anew; settles the batch. Answers false, changing nothing,
     * when later positions are taken already: then the unwritten positions need voids.
     */
    boolean release(Batch batch, long from, List<PendingCommit> again, Deque<PendingCommit> queue) {
        lock.lock();
        try {
            if (next != batch.end()) {
                return false;
            }
            next = from;
            for (int i = again.size() - 1; i >= 0; i--) {
                queue.addFirst(again.get(i));
            }
            settleLocked(batch);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a commit out of the queue if no batch holds it; under the lock, since sealing takes
     * commits out and puts those it holds back again.
     */
    boolean withdraw(Deque<PendingCommit> queue, PendingCommit commit) {
        lock.lock();
        try {
            return queue.remove(commit);
        } finally {
            lock.unlock();
        }
    }

    /** After another node took a position: continue from the log's new head. Only with nothing in flight. */
    void catchUp() {
        lock.lock();
        try {
            if (!inFlight.isEmpty()) {
                return;
            }
            next = commitLog.headFrom(next, settings.trackingWindow());
            head = next;
            lastCommittedAt = later(lastCommittedAt, commitLog.committedBefore(next, settings.trackingWindow()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses every commit from now on, with this reason: the log can no longer be appended safely.
     * The first reason stays (a failure usually shows in every batch in flight, and the later ones
     * are its consequences); answers whether this call stopped the log.
     */
    boolean stop(RuntimeException why) {
        lock.lock();
        try {
            if (stopped != null) {
                return false;
            }
            stopped = why;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void settleLocked(Batch batch) {
        inFlight.remove(batch.start());
        for (Sealed document : batch.documents()) {
            for (Part part : document.parts()) {
                for (PendingEvent event : part.commit().events()) {
                    streamsInFlight.computeIfPresent(event.aggregateId(), (id, count) -> count == 1 ? null : count - 1);
                }
            }
        }
        head = inFlight.isEmpty() ? next : inFlight.firstKey();
    }

    private List<Part> seal(List<PendingCommit> taken) {
        Map<String, StreamTails.Tail> batchTails = new HashMap<>();
        Set<String> poisoned = new HashSet<>();
        List<Part> sealed = new ArrayList<>(taken.size());
        long position = next;
        for (PendingCommit commit : taken) {
            try {
                sealed.add(seal(commit, position, batchTails, poisoned));
                position += commit.events().size();
            } catch (RuntimeException refused) {
                commit.events().forEach(event -> poisoned.add(event.aggregateId()));
                commit.refuse(refused);
            }
        }
        return sealed;
    }

    private Part seal(PendingCommit commit, long position, Map<String, StreamTails.Tail> batchTails,
                      Set<String> poisoned) {
        List<PendingEvent> events = commit.events();
        Map<String, List<PendingEvent>> byStream = byStream(events);
        List<String> streamKeys = new ArrayList<>(byStream.size());
        Map<String, String> previous = new HashMap<>(2 * byStream.size());
        for (Map.Entry<String, List<PendingEvent>> stream : byStream.entrySet()) {
            List<PendingEvent> chunk = stream.getValue();
            PendingEvent first = chunk.get(0);
            for (int i = 1; i < chunk.size(); i++) {
                if (chunk.get(i).sequence() != first.sequence() + i) {
                    throw Conflicts.rejected("Events of aggregate [" + stream.getKey()
                            + "] in one commit must have consecutive sequence numbers");
                }
            }
            if (poisoned.contains(stream.getKey())) {
                throw Conflicts.onStream(first, "An earlier commit of this stream in the same batch failed.");
            }
            previous.put(stream.getKey(), previousHash(first, batchTails));
            streamKeys.add(first.streamKey());
        }
        List<SealedEvent> sealed = new ArrayList<>(events.size());
        long eventPosition = position;
        for (PendingEvent event : events) {
            SealedEvent stored = event.seal(eventPosition++, previous.get(event.aggregateId()), digest);
            previous.put(event.aggregateId(), stored.hash());
            batchTails.put(event.aggregateId(), new StreamTails.Tail(event.sequence(), stored.hash()));
            sealed.add(stored);
        }
        long bytes = CommitDocument.length(streamKeys, sealed);
        CommitDocument.checkLength(bytes);
        return new Part(commit, position, streamKeys, sealed, bytes);
    }

    /**
     * The commit's events by stream, in the order the streams first appear. Most commits hold one
     * stream's events, and get no map of their own: the maps of sealing were a twentieth of what the
     * callers allocated at four writers (JFR, docs/benchmarks.md, run 27).
     */
    private static Map<String, List<PendingEvent>> byStream(List<PendingEvent> events) {
        String first = events.get(0).aggregateId();
        int sameStream = 1;
        while (sameStream < events.size() && events.get(sameStream).aggregateId().equals(first)) {
            sameStream++;
        }
        if (sameStream == events.size()) {
            return Map.of(first, events);
        }
        Map<String, List<PendingEvent>> byStream = new LinkedHashMap<>();
        for (PendingEvent event : events) {
            byStream.computeIfAbsent(event.aggregateId(), id -> new ArrayList<>()).add(event);
        }
        return byStream;
    }

    private String previousHash(PendingEvent first, Map<String, StreamTails.Tail> batchTails) {
        StreamTails.Tail tail = batchTails.get(first.aggregateId());
        if (tail == null) {
            tail = tails.get(first.aggregateId());
        }
        if (tail != null && tail.sequence() >= first.sequence()) {
            throw Conflicts.onStream(first, "The stream already holds sequence " + tail.sequence() + ".");
        }
        if (first.sequence() == 0) {
            return EventHasher.GENESIS;
        }
        if (tail != null && tail.sequence() == first.sequence() - 1) {
            return tail.hash();
        }
        long predecessor = first.sequence() - 1;
        List<EventDocument> chunk = commitLog.containingSequence(first.aggregateId(), predecessor, settings.streamWindow())
                .map(stored -> stored.eventsOf(first.aggregateId())).orElse(List.of());
        // The unique key only guards chunk starts; a chunk running past our first event is a conflict too.
        if (!chunk.isEmpty() && chunk.get(chunk.size() - 1).sequence() >= first.sequence()) {
            throw Conflicts.onStream(first, "The stream already holds sequence " + first.sequence() + ".");
        }
        return chunk.stream().filter(event -> event.sequence() == predecessor).findFirst()
                .map(EventDocument::hash)
                .orElseThrow(() -> Conflicts.rejected("Aggregate [" + first.aggregateId() + "] has no event "
                        + predecessor + " to follow; sequence numbers of a stream must be contiguous"));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
