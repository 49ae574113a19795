package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.HASH;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

/**
 * The single writer of a node's commits. Callers queue serialized events; one of them at a time takes
 * everything queued, gives each commit the next free positions and its hashes, writes the lot with
 * one ordered {@code insertMany}, makes it durable and only then acknowledges. Positions are
 * taken at insertion, next to a commit already seen, so the log never has a hole: a slow caller
 * delays only itself. Another node taking the same position shows up as a duplicate {@code _id};
 * the appender then walks to the new head and tries again.
 */
final class CommitAppender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitAppender.class);
    private static final int DUPLICATE_KEY = 11000;
    private static final long WAIT_MILLIS = 5;

    private record Request(List<PendingEvent> events, CompletableFuture<Long> acknowledged) {
    }

    private record Built(Request request, RawBsonDocument document, long position, long committedAt,
                         List<SealedEvent> events) {
    }

    private final CommitLog commitLog;
    private final MongoCollection<RawBsonDocument> rawCommits;
    private final StreamTails tails;
    private final DurabilityBarrier barrier;
    private final HeadHint headHint;
    private final LedgerSettings settings;
    private final Clock clock;
    private final Queue<Request> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writerLock = new ReentrantLock();
    /** Used by whoever holds the writer lock. */
    private final MessageDigest digest = EventHasher.newDigest();
    private volatile boolean closed;
    private volatile long head;
    private Instant lastCommittedAt;

    CommitAppender(CommitLog commitLog, StreamTails tails, DurabilityBarrier barrier, HeadHint headHint,
                   LedgerSettings settings, Clock clock, long head, Instant lastCommittedAt) {
        this.commitLog = commitLog;
        this.rawCommits = commitLog.collection().withDocumentClass(RawBsonDocument.class);
        this.tails = tails;
        this.barrier = barrier;
        this.headHint = headHint;
        this.settings = settings;
        this.clock = clock;
        this.head = head;
        this.lastCommittedAt = lastCommittedAt;
    }

    /**
     * Appends and returns once the commit is durable, with the position of its first event. The caller
     * queues its commit; whoever gets the writer lock writes everything queued in one batch, while the
     * others wait for their own acknowledgement rather than for the lock. A writer checks the queue
     * again after letting go of the lock, so a commit queued while it was writing is never stranded.
     * A lone writer thus pays no hand-off, and concurrent writers share round trips and barriers.
     */
    long append(List<PendingEvent> events) throws ExecutionException, InterruptedException {
        if (closed) {
            throw new ExecutionException(Conflicts.rejected("The ledger store is closed"));
        }
        Request request = new Request(List.copyOf(events), new CompletableFuture<>());
        queue.add(request);
        while (!request.acknowledged().isDone()) {
            if (writerLock.tryLock()) {
                try {
                    while (!queue.isEmpty()) {
                        writeQueued();
                    }
                } finally {
                    writerLock.unlock();
                }
            } else {
                try {
                    request.acknowledged().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillQueued) {
                    // Look again: the writer may have finished without reaching this commit.
                }
            }
        }
        if (!queue.isEmpty() && writerLock.tryLock()) {
            try {
                while (!queue.isEmpty()) {
                    writeQueued();
                }
            } finally {
                writerLock.unlock();
            }
        }
        return request.acknowledged().get();
    }

    /** The first free position as far as this node knows: every event before it is durable. */
    long head() {
        return head;
    }

    private void writeQueued() {
        List<Request> batch = new ArrayList<>();
        Request next;
        while (batch.size() < settings.maxBatchCommits() && (next = queue.poll()) != null) {
            batch.add(next);
        }
        try {
            write(batch);
        } catch (RuntimeException e) {
            LOG.error("Ledger append failed a batch", e);
            batch.forEach(request -> request.acknowledged().completeExceptionally(e));
        }
    }

    private void write(List<Request> batch) {
        List<Request> pending = new ArrayList<>(batch);
        Set<String> poisoned = new HashSet<>();
        int unknownOutcomes = 0;
        while (!pending.isEmpty()) {
            List<Built> built = build(pending, poisoned);
            if (built.isEmpty()) {
                return;
            }
            List<RawBsonDocument> documents = built.stream().map(Built::document).toList();
            try {
                rawCommits.insertMany(documents, new InsertManyOptions().ordered(true));
                acknowledge(built);
                return;
            } catch (MongoBulkWriteException e) {
                BulkWriteError error = e.getWriteErrors().get(0);
                int failed = error.getIndex();
                acknowledge(built.subList(0, failed));
                Built culprit = built.get(failed);
                pending = new ArrayList<>(built.subList(failed + 1, built.size()).stream().map(Built::request).toList());
                if (error.getCode() == DUPLICATE_KEY && isPositionTaken(error)) {
                    pending.add(0, culprit.request());
                    catchUpWithOtherWriters();
                } else {
                    reject(culprit.request(), error, poisoned);
                }
            } catch (MongoException e) {
                if (++unknownOutcomes > settings.maxRetries()) {
                    pending.forEach(request -> request.acknowledged().completeExceptionally(
                            Conflicts.rejected("Ledger write failed: " + e.getMessage())));
                    return;
                }
                LOG.warn("Ledger write ended without an answer ({}); checking what was stored", e.getMessage());
                pending = reconcile(built);
            }
        }
    }

    /** Positions and hashes for the pending commits; commits that cannot be valid are refused here. */
    private List<Built> build(List<Request> pending, Set<String> poisoned) {
        Map<String, StreamTails.Tail> batchTails = new HashMap<>();
        Instant committedAt = clock.instant();
        if (committedAt.isBefore(lastCommittedAt)) {
            committedAt = lastCommittedAt;
        }
        List<Built> built = new ArrayList<>(pending.size());
        long position = head;
        for (Request request : pending) {
            try {
                built.add(build(request, position, committedAt.toEpochMilli(), batchTails, poisoned));
                position += request.events().size();
            } catch (RuntimeException rejected) {
                poisonStreams(request, poisoned);
                request.acknowledged().completeExceptionally(rejected);
            }
        }
        return built;
    }

    private Built build(Request request, long position, long committedAt,
                        Map<String, StreamTails.Tail> batchTails, Set<String> poisoned) {
        List<PendingEvent> events = request.events();
        Map<String, List<PendingEvent>> byStream = new LinkedHashMap<>();
        for (PendingEvent event : events) {
            byStream.computeIfAbsent(event.aggregateId(), id -> new ArrayList<>()).add(event);
        }
        List<String> streamKeys = new ArrayList<>(byStream.size());
        Map<String, String> previous = new HashMap<>();
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
        return new Built(request, CommitDocument.of(position, streamKeys, committedAt, sealed), position,
                committedAt, sealed);
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
        List<BsonDocument> chunk = commitLog.containingSequence(first.aggregateId(), predecessor, settings.streamWindow())
                .map(commit -> commit.eventsOf(first.aggregateId())).orElse(List.of());
        // The unique key only guards chunk starts; a chunk running past our first event is a conflict too.
        if (!chunk.isEmpty() && StoredCommit.sequenceOf(chunk.get(chunk.size() - 1)) >= first.sequence()) {
            throw Conflicts.onStream(first, "The stream already holds sequence " + first.sequence() + ".");
        }
        return chunk.stream().filter(event -> StoredCommit.sequenceOf(event) == predecessor).findFirst()
                .map(event -> event.getString(HASH).getValue())
                .orElseThrow(() -> Conflicts.rejected("Aggregate [" + first.aggregateId() + "] has no event "
                        + predecessor + " to follow; sequence numbers of a stream must be contiguous"));
    }

    private void acknowledge(List<Built> written) {
        if (written.isEmpty()) {
            return;
        }
        barrier.makeDurable();
        Built last = written.get(written.size() - 1);
        head = last.position() + last.request().events().size();
        lastCommittedAt = Instant.ofEpochMilli(last.committedAt());
        for (Built commit : written) {
            for (SealedEvent event : commit.events()) {
                tails.advance(event.aggregateId(), event.sequence(), event.hash());
            }
            commit.request().acknowledged().complete(commit.position());
        }
        headHint.maybeRecord(head);
    }

    private static boolean isPositionTaken(BulkWriteError error) {
        return !error.getMessage().contains(LedgerSchema.STREAMS_INDEX);
    }

    private void reject(Request request, BulkWriteError error, Set<String> poisoned) {
        poisonStreams(request, poisoned);
        if (ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY) {
            PendingEvent conflicting = request.events().stream()
                    .filter(event -> error.getMessage().contains('"' + event.streamKey() + '"'))
                    .findFirst().orElse(request.events().get(0));
            request.acknowledged().completeExceptionally(Conflicts.onStream(conflicting, error.getMessage()));
        } else {
            request.acknowledged().completeExceptionally(Conflicts.rejected("Commit refused: " + error.getMessage()));
        }
    }

    private static void poisonStreams(Request request, Set<String> poisoned) {
        request.events().forEach(event -> poisoned.add(event.aggregateId()));
    }

    private void catchUpWithOtherWriters() {
        long before = head;
        head = commitLog.headFrom(head, settings.trackingWindow());
        commitLog.containing(head - 1, settings.trackingWindow())
                .ifPresent(last -> lastCommittedAt = max(lastCommittedAt, last.committedAt()));
        LOG.debug("Another writer appended; head moved from {} to {}", before, head);
    }

    /** After an unanswered write: acknowledge what was stored as ours, and hand back the rest to retry. */
    private List<Request> reconcile(List<Built> attempted) {
        List<Request> remaining = new ArrayList<>();
        List<Built> stored = new ArrayList<>();
        boolean gap = false;
        for (Built commit : attempted) {
            Optional<StoredCommit> found = gap ? Optional.empty()
                    : commitLog.startingIn(commit.position(), 1).stream().findFirst();
            if (found.isPresent() && sameFirstEvent(found.get(), commit)) {
                stored.add(commit);
            } else {
                gap = true;
                remaining.add(commit.request());
            }
        }
        acknowledge(stored);
        if (!remaining.isEmpty()) {
            catchUpWithOtherWriters();
        }
        return remaining;
    }

    private static boolean sameFirstEvent(StoredCommit stored, Built attempted) {
        return stored.events().get(0).getString(LedgerSchema.EVENT_ID).getValue()
                .equals(attempted.request().events().get(0).eventId());
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Refuses new appends; appends already queued are written by the callers waiting for them. */
    @Override
    public void close() {
        closed = true;
    }
}
