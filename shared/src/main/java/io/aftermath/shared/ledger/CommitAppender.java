package io.aftermath.shared.ledger;

import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.BsonInvalidOperationException;
import org.bson.BsonSerializationException;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

import io.aftermath.shared.ledger.Sequencer.Batch;
import io.aftermath.shared.ledger.Sequencer.Part;
import io.aftermath.shared.ledger.Sequencer.Sealed;
import io.aftermath.shared.mongo.StoreErrors;

/**
 * The writer of a node's commits. Callers queue serialized events; one of them at a time takes
 * everything queued, has the {@link Sequencer} give each commit the next free positions and its
 * hashes and lay the commits out in shared documents, writes the lot with one ordered
 * {@code insertMany}, makes it durable and only then acknowledges (group commit). A shared document
 * the store refuses was not written at all: its commits go again, a document each, so only the one
 * the store refuses fails. While that batch is on its way, another caller may seal and write the
 * next one, up to the pipeline depth, so concurrent writers are not held to one round trip at a time.
 *
 * <p>Positions are taken in order and a batch only ever fills positions of its own, so the log never
 * keeps a hole: a commit refused after later positions went out (a conflict the node could not see
 * coming, a store that failed) leaves a <em>void</em> over its positions; with nothing sealed after
 * it, its positions are handed back instead. A node that stops with batches in flight may leave
 * positions empty behind written ones; the next start fills them with voids ({@link HoleRepair}).
 * Another node taking a position shows up as a duplicate {@code _id}: with one batch in flight the
 * appender walks to the new head and seals again; with several it stops appending, since moving a
 * batch would overlap the later ones, which is why only a sole writer pipelines.
 */
final class CommitAppender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitAppender.class);
    private static final int DUPLICATE_KEY = 11000;
    private static final long WAIT_MILLIS = 5;
    private static final InsertManyOptions ORDERED = new InsertManyOptions().ordered(true);

    private final CommitLog commitLog;
    private final MongoCollection<RawBsonDocument> rawCommits;
    private final Sequencer sequencer;
    private final StreamTails tails;
    private final DurabilityBarrier barrier;
    private final HeadHint headHint;
    private final LedgerSettings settings;
    private final LedgerMetrics metrics;
    private final Deque<PendingCommit> queue = new ConcurrentLinkedDeque<>();
    /** Callers inside {@link #append}: the sequencer sizes a batch beside one in flight by them. */
    private final AtomicInteger callers = new AtomicInteger();
    private volatile boolean closed;

    CommitAppender(CommitLog commitLog, Sequencer sequencer, StreamTails tails, DurabilityBarrier barrier,
                   HeadHint headHint, LedgerSettings settings, LedgerMetrics metrics) {
        this.commitLog = commitLog;
        this.rawCommits = commitLog.collection().withDocumentClass(RawBsonDocument.class);
        this.sequencer = sequencer;
        this.tails = tails;
        this.barrier = barrier;
        this.headHint = headHint;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * Appends and returns once the commit is durable, with the position of its first event. The caller
     * queues its commit and writes whatever batch the sequencer lets it have; otherwise it waits for
     * its own acknowledgement. Every writer seals again after finishing a batch, until nothing more
     * may go, so a commit queued while the pipeline was full is never stranded; a lone writer pays no
     * hand-off, and concurrent writers share round trips and barriers. A caller interrupted while its
     * commit is still queued takes it back, so the interrupt leaves nothing to be written later; once
     * sealed, the commit is written by whoever sealed it, and the caller waits for that answer and
     * keeps its interrupt for later.
     */
    long append(List<PendingEvent> events) throws ExecutionException, InterruptedException {
        if (closed) {
            throw new ExecutionException(new CommitNotWritten("The ledger store is closed"));
        }
        callers.incrementAndGet();
        try {
            return queueAndAwait(PendingCommit.of(events));
        } finally {
            callers.decrementAndGet();
        }
    }

    private long queueAndAwait(PendingCommit commit) throws ExecutionException, InterruptedException {
        queue.add(commit);
        boolean interrupted = false;
        while (!commit.acknowledged().isDone()) {
            if (!writeWhatMayGo()) {
                try {
                    commit.acknowledged().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillQueued) {
                    // Look again: the pipeline may have room now.
                } catch (InterruptedException e) {
                    if (sequencer.withdraw(queue, commit)) {
                        throw e;
                    }
                    interrupted = true;
                }
            }
        }
        writeWhatMayGo();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return commit.acknowledged().get();
    }

    /** The first position this node knows to be followed by no hole: every event before it is durable. */
    long head() {
        return sequencer.head();
    }

    /** Why this node stopped appending, if it did. */
    Optional<RuntimeException> stopped() {
        return sequencer.stopped();
    }

    private boolean writeWhatMayGo() {
        boolean wrote = false;
        Batch batch;
        while ((batch = sequencer.nextBatch(queue, callers.get())) != null) {
            write(batch);
            wrote = true;
        }
        if (wrote) {
            headHint.maybeRecord(sequencer.head());
        }
        return wrote;
    }

    /**
     * What is left to write of a batch, or that its remaining positions were handed back (and the
     * batch settled with them).
     */
    private record Remaining(List<Sealed> sealed, boolean released) {

        static final Remaining RELEASED = new Remaining(List.of(), true);

        static Remaining of(List<Sealed> sealed) {
            return new Remaining(sealed, false);
        }
    }

    /**
     * Writes the batch to the end. It holds other callers' commits too, so this thread's interrupt
     * must not abandon it: the driver refuses to take a connection on an interrupted thread, and
     * giving up would refuse every commit of the batch whether or not an attempt was stored. The
     * interrupt is cleared, the batch written on, and the interrupt kept for afterwards.
     *
     * <p>The callers are answered only once the batch is settled. Answered before, a caller came back
     * with its next commit while the batch it had been in still counted as in flight, found its
     * commit alone in the queue beside it, and waited (JFR at four writers: 452 µs parked per wait
     * on average, 296 µs with the answers after the settle).
     */
    private void write(Batch batch) {
        List<Sealed> durable = new ArrayList<>();
        Attempts attempts = new Attempts();
        Remaining remaining = Remaining.of(batch.documents());
        while (!remaining.sealed().isEmpty()) {
            List<Sealed> pending = remaining.sealed();
            try {
                remaining = attempt(batch, pending, durable, attempts);
            } catch (RuntimeException unexpected) {
                // Escaping, it left the batch in flight, or its commits queued after their callers were answered.
                List<Sealed> unsettled = unsettled(pending, durable);
                remaining = StoreErrors.closedClient(unexpected)
                        ? stopWithTheNode(unsettled)
                        : stop(unsettled, "Ledger write failed unexpectedly (" + unexpected + ").");
            }
        }
        if (!remaining.released()) {
            sequencer.settle(batch);
        }
        answer(durable);
        if (attempts.interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What one write of a batch has met so far: answers lost in a row, and an interrupt kept for afterwards. */
    private static final class Attempts {
        int unanswered;
        boolean interrupted;
    }

    /** Writes what is pending of the batch once; answers what is left to write. */
    private Remaining attempt(Batch batch, List<Sealed> pending, List<Sealed> durable, Attempts attempts) {
        try {
            try {
                rawCommits.insertMany(pending.stream().map(Sealed::document).toList(), ORDERED);
                makeDurable(pending, durable);
                return Remaining.of(List.of());
            } catch (MongoBulkWriteException e) {
                return afterWriteErrors(batch, pending, durable, e);
            }
        } catch (MongoInterruptedException e) {
            Thread.interrupted();
            attempts.interrupted = true;
            return Remaining.of(unstored(unsettled(pending, durable), durable));
        } catch (MongoException e) {
            // Also where the store went while the write's errors were looked into (tester 64: a read of the position
            // a lost answer had taken met the store killed, and appends stopped until a restart).
            List<Sealed> unsettled = unsettled(pending, durable);
            Optional<String> storeStopped = StoreErrors.embeddedStoreStopped(e);
            if (storeStopped.isPresent()) {
                return afterStoreStopped(unsettled, storeStopped.get());
            }
            if (++attempts.unanswered > settings.maxRetries()) {
                attempts.unanswered = 0;
                return afterNoAnswer(batch, unsettled, e, durable);
            }
            LOG.warn("Ledger write ended without an answer ({}); checking what was stored", e.getMessage());
            return Remaining.of(unstored(unsettled, durable));
        }
    }

    private Remaining afterWriteErrors(Batch batch, List<Sealed> pending, List<Sealed> durable,
                                       MongoBulkWriteException e) {
        BulkWriteError error = e.getWriteErrors().get(0);
        makeDurable(pending.subList(0, error.getIndex()), durable);
        List<Sealed> unwritten = pending.subList(error.getIndex(), pending.size());
        if (error.getCode() == DUPLICATE_KEY && isPositionTaken(error)) {
            return afterTakenPosition(batch, unwritten, durable);
        }
        if (unwritten.get(0).isShared()) {
            // Nothing of the refused document was written: its commits go again, a document
            // each, so the store names the one it refuses and the others are written.
            return Remaining.of(oneCommitEach(unwritten));
        }
        return afterRefusal(batch, unwritten, error);
    }

    private static List<Sealed> unsettled(List<Sealed> pending, List<Sealed> durable) {
        return pending.stream().filter(sealed -> !durable.contains(sealed)).toList();
    }

    /**
     * A position already holds a document. Ours, from an attempt whose answer was lost: go on. Another
     * node's: seal again at the new head if nothing was sealed after this batch, else stop appending.
     */
    private Remaining afterTakenPosition(Batch batch, List<Sealed> unwritten, List<Sealed> durable) {
        Sealed first = unwritten.get(0);
        Optional<StoredCommit> stored = storedAt(first.position());
        if (stored.isPresent() && first.isStoredAs(stored.get())) {
            makeDurable(List.of(first), durable);
            return Remaining.of(unwritten.subList(1, unwritten.size()));
        }
        if (commitLog.spanUnreadableAt(first.position())) {
            return beforeUnreadable(batch, unwritten);
        }
        if (sequencer.release(batch, first.position(), commitsOf(unwritten), queue)) {
            try {
                sequencer.catchUp();
            } catch (MongoException e) {
                // The batch is handed back already, so this is no failure of its write: the next batch meets the
                // taken position again and catches up then.
                LOG.debug("Could not read the new head after position {} was taken: {}", first.position(), e.toString());
            }
            LOG.debug("Another writer appended at {}; sealing again at the new head", first.position());
            return Remaining.RELEASED;
        }
        return stop(unwritten, "Another writer appended at position " + first.position() + " while this node had "
                + "later positions in flight; a node pipelines its commits only as the log's sole writer.");
    }

    /**
     * A document written by hand where this batch was to go, whose extent cannot be read: no commit can be
     * placed after it, so each is refused as the reads that meet it are (500 {@code STORE_MALFORMED}), and
     * none is left queued to be written after its caller was answered (tester 42).
     */
    private Remaining beforeUnreadable(Batch batch, List<Sealed> unwritten) {
        long position = unwritten.get(0).position();
        String reason = "The document at position " + position + ", where the log goes on, is not stored as the "
                + "ledger writes it (its _id or count cannot be read): nothing is appended until it is put right";
        commitsOf(unwritten).forEach(commit -> commit.refuse(new BsonInvalidOperationException(reason)));
        if (sequencer.release(batch, position, List.of(), queue)) {
            return Remaining.RELEASED;
        }
        return stop(unwritten, reason + ".");
    }

    /**
     * The server refused the first unwritten commit (a stream conflict only it could see, or an invalid
     * document): refuse it, and the later ones of the batch that extend its streams. Their positions
     * are handed back if nothing was sealed after this batch (the commits left are sealed again),
     * else filled with voids, the commits left being written as they are.
     */
    private Remaining afterRefusal(Batch batch, List<Sealed> unwritten, BulkWriteError error) {
        Sealed refused = unwritten.get(0);
        if (refused.isVoid()) {
            return stop(unwritten, "The store refused a void at position " + refused.position() + ": "
                    + error.getMessage());
        }
        PendingCommit refusedCommit = refused.commits().get(0);
        refusedCommit.refuse(refusal(refusedCommit, error));
        Set<String> poisoned = new HashSet<>();
        poison(refusedCommit, poisoned);
        List<Sealed> next = new ArrayList<>(unwritten.size());
        next.add(refused.voided("refused: " + error.getMessage()));
        for (Sealed sealed : oneCommitEach(unwritten.subList(1, unwritten.size()))) {
            if (!sealed.isVoid() && sealed.commits().get(0).touches(poisoned)) {
                PendingCommit commit = sealed.commits().get(0);
                commit.refuse(Conflicts.onStream(commit.events().get(0),
                        "An earlier commit of this stream in the same batch failed."));
                poison(commit, poisoned);
                next.add(sealed.voided("refused after an earlier commit of its stream"));
            } else {
                next.add(sealed);
            }
        }
        return releaseOrVoid(batch, next);
    }

    /** The store gave no answer, attempt after attempt: refuse what is unwritten; release or void its positions. */
    private Remaining afterNoAnswer(Batch batch, List<Sealed> pending, MongoException e, List<Sealed> durable) {
        List<Sealed> unwritten = unstored(pending, durable);
        if (unwritten.isEmpty()) {
            return Remaining.of(unwritten);
        }
        if (unwritten.stream().allMatch(Sealed::isVoid)) {
            return stop(unwritten, "The store does not answer (" + e.getMessage() + ")");
        }
        List<Sealed> next = new ArrayList<>(unwritten.size());
        for (Sealed sealed : unwritten) {
            String reason = "Ledger write failed, nothing of the commit was stored: " + e.getMessage();
            sealed.commits().forEach(commit -> commit.refuse(new CommitNotWritten(reason)));
            next.add(sealed.isVoid() ? sealed : sealed.voided("not written: " + e.getMessage()));
        }
        return releaseOrVoid(batch, next);
    }

    /** {@code next} starts with a void: hand its positions and the rest back if possible, else write it all. */
    private Remaining releaseOrVoid(Batch batch, List<Sealed> next) {
        if (sequencer.release(batch, next.get(0).position(), commitsOf(next), queue)) {
            return Remaining.RELEASED;
        }
        return Remaining.of(next);
    }

    private Remaining stop(List<Sealed> refused, String reason) {
        return stop(refused, reason, reason);
    }

    /** {@code toRefused} tells the callers of {@code refused} what became of their commits; {@code reason}, why. */
    private Remaining stop(List<Sealed> refused, String reason, String toRefused) {
        return halt(refused, reason + " Appends stopped; restart the node.",
                toRefused + " Appends stopped; restart the node.", true);
    }

    /**
     * The node is stopping with its store out of reach, and closed its client under this write (tester 63 saw it
     * as an ERROR telling to restart the node): what the store took of the batch stays, a keyed retry finds it.
     */
    private Remaining stopWithTheNode(List<Sealed> refused) {
        String reason = "This node stopped while a ledger write waited for its store, out of reach: its commits are "
                + "stored or not as the store took them, and a retry with the same Idempotency-Key finds out.";
        return halt(refused, reason, reason, false);
    }

    /**
     * H2 closed the embedded store after a failed write of its file: no attempt can be stored until a restart, so
     * appends stop rather than retry into 503 STORE_UNAVAILABLE "retry later" (tester 154, a full disk). The store
     * logged its close at ERROR already. A commit whose answer an earlier attempt lost may be in the journal: a keyed
     * retry after the restart finds it.
     */
    private Remaining afterStoreStopped(List<Sealed> unsettled, String why) {
        String reason = why + ". Appends stopped; restart the node.";
        return halt(unsettled, reason, reason, false);
    }

    private Remaining halt(List<Sealed> refused, String why, String toRefused, boolean fault) {
        if (sequencer.stop(new IllegalStateException(why))) {
            if (fault) {
                LOG.error(toRefused);
            } else {
                LOG.warn(toRefused);
            }
        }
        refused.stream().flatMap(sealed -> sealed.commits().stream())
                .forEach(commit -> commit.refuse(new AppendsStopped(toRefused)));
        return Remaining.of(List.of());
    }

    /**
     * The commit stored at a position, as far as this writer is concerned: a document there that is not in
     * the ledger's shape (written by hand) is no attempt of ours either, and failing on it left the batch
     * in flight for good, every later lone commit waiting on it (tester 40).
     */
    private Optional<StoredCommit> storedAt(long position) {
        try {
            return commitLog.startingIn(position, 1).stream().findFirst();
        } catch (BsonInvalidOperationException | BsonSerializationException notOurs) {
            return Optional.empty();
        }
    }

    /** After a lost answer: what the store holds as ours is made durable; the rest is written again as it is. */
    private List<Sealed> unstored(List<Sealed> attempted, List<Sealed> durable) {
        List<Sealed> remaining = new ArrayList<>();
        for (Sealed sealed : attempted) {
            Optional<StoredCommit> stored;
            try {
                stored = storedAt(sealed.position());
            } catch (MongoException unreadable) {
                return attempted;
            }
            if (stored.isPresent() && sealed.isStoredAs(stored.get())) {
                makeDurable(List.of(sealed), durable);
            } else {
                remaining.add(sealed);
            }
        }
        return remaining;
    }

    /**
     * Written: made durable and their streams' tails moved on; {@link #answer} tells their callers. A
     * store that can no longer make writes durable (its journal failed) will not for any later write
     * either: these commits are refused as stored but not durable, and appending stops.
     */
    private void makeDurable(List<Sealed> written, List<Sealed> durable) {
        if (written.isEmpty()) {
            return;
        }
        try {
            barrier.makeDurable();
        } catch (RuntimeException notDurable) {
            stop(written, "The store could not make a write durable (" + notDurable.getMessage() + ").",
                    "Stored but not durable, so a crash may lose it (" + notDurable.getMessage() + ").");
            return;
        }
        for (Sealed sealed : written) {
            for (Part part : sealed.parts()) {
                for (SealedEvent event : part.events()) {
                    tails.advance(event.aggregateId(), event.sequence(), event.hash());
                }
            }
        }
        durable.addAll(written);
    }

    /** Counts what the batch wrote (counted before the callers return, so their next look sees it) and answers. */
    private void answer(List<Sealed> durable) {
        int commits = 0;
        int events = 0;
        for (Sealed sealed : durable) {
            for (Part part : sealed.parts()) {
                commits++;
                events += part.events().size();
            }
        }
        metrics.written(commits, events);
        for (Sealed sealed : durable) {
            for (Part part : sealed.parts()) {
                part.commit().acknowledged().complete(part.position());
            }
        }
    }

    /**
     * The commits of these documents to seal again: those not refused. None of them is durable, since
     * only documents the store did not take are handed back, and durable commits are answered only
     * once their batch is over; the check on the answer is for the refused.
     */
    private static List<PendingCommit> commitsOf(List<Sealed> sealed) {
        return sealed.stream().flatMap(document -> document.commits().stream())
                .filter(commit -> !commit.acknowledged().isDone()).toList();
    }

    /** The same commits and voids, a document each. */
    private static List<Sealed> oneCommitEach(List<Sealed> documents) {
        List<Sealed> split = new ArrayList<>(documents.size());
        for (Sealed document : documents) {
            split.addAll(document.isShared() ? document.split() : List.of(document));
        }
        return split;
    }

    private static void poison(PendingCommit commit, Set<String> poisoned) {
        commit.events().forEach(event -> poisoned.add(event.aggregateId()));
    }

    private static boolean isPositionTaken(BulkWriteError error) {
        return !error.getMessage().contains(LedgerSchema.STREAMS_INDEX);
    }

    private static RuntimeException refusal(PendingCommit commit, BulkWriteError error) {
        if (ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY) {
            PendingEvent conflicting = commit.events().stream()
                    .filter(event -> error.getMessage().contains('"' + event.streamKey() + '"'))
                    .findFirst().orElse(commit.events().get(0));
            return Conflicts.onStream(conflicting, error.getMessage());
        }
        return Conflicts.rejected("Commit refused: " + error.getMessage());
    }

    /** Refuses new appends; appends already queued are written by the callers waiting for them. */
    @Override
    public void close() {
        closed = true;
    }
}
