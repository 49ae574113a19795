package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.COUNT;
import static io.aftermath.shared.ledger.LedgerSchema.ID;
import static io.aftermath.shared.ledger.LedgerSchema.STREAMS;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonSerializationException;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

/**
 * Reads the commit collection through its two unique keys only. A range query would scan the whole
 * collection on the embedded server, so every read asks for an explicit window of keys with
 * {@code $in}: the commits that start at positions [from, from + window), or the stream chunks that
 * start at sequences [from, from + window). Commits are contiguous, so a window's answer tells
 * whether the log (or the stream) goes on.
 */
final class CommitLog {

    private static final StoredCommitCodec STORED_COMMITS = new StoredCommitCodec();
    private static final Bson SPAN_FIELDS = Projections.include(ID, COUNT);

    private final MongoCollection<BsonDocument> commits;
    private final MongoCollection<StoredCommit> storedCommits;

    CommitLog(MongoCollection<BsonDocument> commits) {
        this.commits = commits;
        this.storedCommits = commits.withDocumentClass(StoredCommit.class).withCodecRegistry(
                CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(STORED_COMMITS), commits.getCodecRegistry()));
    }

    MongoCollection<BsonDocument> collection() {
        return commits;
    }

    /** Commits starting in [from, from + window), by position. */
    List<StoredCommit> startingIn(long from, int window) {
        return find(ID, from, window, BsonInt64::new);
    }

    /** Commits holding a chunk of the stream that starts in [from, from + window), by position. */
    List<StoredCommit> chunksStartingIn(String aggregateId, long from, int window) {
        return find(STREAMS, from, window, sequence -> new BsonString(LedgerSchema.streamKey(aggregateId, sequence)));
    }

    /**
     * The commit holding the event at this position, if the log reaches that far. Nothing past the position
     * is read: a replay cut before a commit changed by hand failed on it (tester 42).
     */
    Optional<StoredCommit> containing(long position, int window) {
        return searchBackwards(position, window, (from, size) -> startingIn(from, size),
                commit -> commit.position(), StoredCommit::end);
    }

    /** The commit holding this stream's event with this sequence, if the stream reaches that far. */
    Optional<StoredCommit> containingSequence(String aggregateId, long sequence, int window) {
        return searchBackwards(sequence, window, (from, size) -> chunksStartingIn(aggregateId, from, size),
                commit -> commit.eventsOf(aggregateId).get(0).sequence(),
                commit -> {
                    List<EventDocument> chunk = commit.eventsOf(aggregateId);
                    return chunk.get(chunk.size() - 1).sequence() + 1;
                });
    }

    /**
     * The log's head: the first free position at or after a known commit boundary, walked forward
     * window by window. Only where each commit ends is read: the walk then moves no events, and passes a
     * commit whose other fields were changed out of the ledger's shape, which failed every write and
     * every health check of a node whose head it stood at (tester 40).
     */
    long headFrom(long boundary, int window) {
        return headFrom(boundary, window, Long.MAX_VALUE);
    }

    /** As {@link #headFrom(long, int)}, walking no further than {@code limit}: answers a position at or past it once there. */
    long headFrom(long boundary, int window, long limit) {
        long head = boundary;
        while (head < limit) {
            long next = head;
            List<Span> spans;
            try {
                spans = spansStartingIn(head, window);
            } catch (BsonInvalidOperationException | BsonSerializationException unreadable) {
                return headSinglyFrom(head);
            }
            for (Span span : spans) {
                if (span.position() != next) {
                    break;
                }
                next = span.end();
            }
            if (next == head) {
                return head;
            }
            head = next;
        }
        return head;
    }

    /**
     * The first position in [from, from + reach) whose commit cannot be read as the ledger writes it, if
     * the log holds one before a window with no commit: a window holding such a document fails whole, so
     * that window is read again one key at a time to name it.
     */
    OptionalLong unreadableFrom(long from, int window, long reach) {
        long start = from;
        while (start < from + reach) {
            List<StoredCommit> read;
            try {
                read = startingIn(start, window);
            } catch (BsonInvalidOperationException | BsonSerializationException unreadable) {
                return firstUnreadableIn(start, window);
            }
            if (read.isEmpty()) {
                return OptionalLong.empty();
            }
            start = Math.max(start + window, read.get(read.size() - 1).end());
        }
        return OptionalLong.empty();
    }

    private OptionalLong firstUnreadableIn(long from, int window) {
        for (long position = from; position < from + window; position++) {
            try {
                startingIn(position, 1);
            } catch (BsonInvalidOperationException | BsonSerializationException unreadable) {
                return OptionalLong.of(position);
            }
        }
        return OptionalLong.empty();
    }

    private Optional<StoredCommit> searchBackwards(long target, int window, Window lookup,
                                                  java.util.function.ToLongFunction<StoredCommit> start,
                                                  java.util.function.ToLongFunction<StoredCommit> end) {
        long upper = target;
        while (upper >= 0) {
            long from = Math.max(0, upper - window + 1);
            Optional<StoredCommit> latest = lookup.startingIn(from, (int) (upper - from + 1)).stream()
                    .filter(commit -> start.applyAsLong(commit) <= target)
                    .max(Comparator.comparingLong(start));
            if (latest.isPresent()) {
                return latest.filter(commit -> end.applyAsLong(commit) > target);
            }
            upper = from - 1;
        }
        return Optional.empty();
    }

    /**
     * The head walked one key at a time, for a window holding a document whose {@code _id} or {@code count}
     * cannot be read: the readable log ends where it lies ({@link #spanUnreadableAt} tells appends why).
     */
    private long headSinglyFrom(long boundary) {
        long head = boundary;
        while (true) {
            List<Span> found;
            try {
                found = spansStartingIn(head, 1);
            } catch (BsonInvalidOperationException | BsonSerializationException unreadable) {
                return head;
            }
            if (found.isEmpty()) {
                return head;
            }
            head = found.get(0).end();
        }
    }

    /** Whether a document starts at this position whose {@code _id} or {@code count} cannot be read. */
    boolean spanUnreadableAt(long position) {
        try {
            spansStartingIn(position, 1);
            return false;
        } catch (BsonInvalidOperationException | BsonSerializationException unreadable) {
            return true;
        }
    }

    /**
     * When the commit before {@code head} was recorded: the epoch for an empty log, and for a commit changed
     * by hand so that its time cannot be read (a node's own clock still orders its own commits).
     */
    Instant committedBefore(long head, int window) {
        if (head == 0) {
            return Instant.EPOCH;
        }
        try {
            return containing(head - 1, window).map(StoredCommit::committedAt).orElse(Instant.EPOCH);
        } catch (BsonInvalidOperationException | BsonSerializationException unreadable) {
            return Instant.EPOCH;
        }
    }

    /** The units starting at keys [from, from + size). */
    @FunctionalInterface
    private interface Window {
        List<StoredCommit> startingIn(long from, int size);
    }

    /** Where a commit starts and where the next may: its {@code _id} and {@code _id + count}. */
    record Span(long position, long end) {
    }

    /** The position of the commit holding the chunk of a stream that starts at this sequence, from its _id alone. */
    OptionalLong chunkPosition(String aggregateId, long sequence) {
        BsonDocument found = commits.find(Filters.eq(STREAMS, LedgerSchema.streamKey(aggregateId, sequence)))
                .projection(Projections.include(ID)).first();
        return found == null ? OptionalLong.empty() : OptionalLong.of(wholeNumber(found, ID));
    }

    /** The spans of the commits starting in [from, from + window), by position. */
    List<Span> spansStartingIn(long from, int window) {
        List<Span> spans = new ArrayList<>(window);
        for (BsonDocument bounds : commits.find(Filters.in(ID, keys(from, window, BsonInt64::new)))
                .projection(SPAN_FIELDS).batchSize(window)) {
            long position = wholeNumber(bounds, ID);
            spans.add(new Span(position, position + wholeNumber(bounds, COUNT)));
        }
        spans.sort(Comparator.comparingLong(Span::position));
        return spans;
    }

    private static long wholeNumber(BsonDocument bounds, String field) {
        BsonValue value = bounds.get(field);
        if (value == null || !(value.isInt64() || value.isInt32())) {
            throw new BsonInvalidOperationException("A commit document's " + field + " is "
                    + (value == null ? "missing" : "a " + value.getBsonType()) + ", not an integer");
        }
        return value.asNumber().longValue();
    }

    private static List<BsonValue> keys(long from, int window, LongFunction<BsonValue> key) {
        List<BsonValue> keys = new ArrayList<>(window);
        for (long i = from; i < from + window; i++) {
            keys.add(key.apply(i));
        }
        return keys;
    }

    private List<StoredCommit> find(String field, long from, int window, LongFunction<BsonValue> key) {
        List<StoredCommit> found = new ArrayList<>();
        // A real MongoDB answers a find with 101 documents unless told more: a second round trip per window.
        storedCommits.find(Filters.in(field, keys(from, window, key))).batchSize(window).into(found);
        found.sort(Comparator.comparingLong(StoredCommit::position));
        return found;
    }
}
