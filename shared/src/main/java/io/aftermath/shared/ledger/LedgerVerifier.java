package io.aftermath.shared.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bson.BsonDocument;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonSerializationException;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

/**
 * Recomputes the hash chains from the raw documents, trusting nothing the engine caches: every
 * event's hash must match its content, every event must name its stream predecessor's hash, and
 * positions and sequences must run without a hole. Reports the first link that fails, and how many
 * positions are voids (sealed for a commit that was never written; they hold no event). A position
 * still empty behind a commit recorded less than {@link MongoLedgerStorageEngine#COMMIT_IN_FLIGHT} ago
 * may be a commit still being written, as for {@link MongoLedgerStorageEngine#holeAt}: the whole-log
 * check ends there, as it would at the head, and says so.
 */
public final class LedgerVerifier {

    private static final int WINDOW = 256;

    private final CommitLog commitLog;
    private final Clock clock;

    public LedgerVerifier(MongoDatabase database) {
        this(database, Clock.systemUTC());
    }

    /** @param clock the clock the commits' {@code committedAt} is compared with, as the engine's */
    public LedgerVerifier(MongoDatabase database, Clock clock) {
        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        this.commitLog = new CommitLog(commits);
        this.clock = clock;
    }

    /** The whole log, in position order. */
    public VerificationReport verifyAll() {
        return verifyBefore(Long.MAX_VALUE);
    }

    /**
     * The log before {@code end}, in position order, and its {@link Checkpoint} where the check ended:
     * at {@code end}, or before it where the log ends or a commit may still be being written. A commit
     * holding {@code end} is checked whole, but only its events before {@code end} are in the digest.
     */
    public VerificationReport verifyBefore(long end) {
        Map<String, Link> streams = new HashMap<>();
        Checkpoint.Digest digest = new Checkpoint.Digest();
        long commits = 0;
        long events = 0;
        long voids = 0;
        long expected = 0;
        // A window holding a document rewritten out of the ledger's shape fails whole: the check then goes
        // one document at a time through it, to name that document, and checks what lies before it.
        long singlyUntil = -1;
        while (expected < end) {
            boolean singly = expected < singlyUntil;
            List<StoredCommit> window;
            try {
                window = commitLog.startingIn(expected, singly ? 1 : WINDOW);
            } catch (BsonInvalidOperationException | BsonSerializationException unreadable) {
                if (!singly) {
                    singlyUntil = expected + WINDOW;
                    continue;
                }
                return new VerificationReport(commits, events, voids,
                        Optional.of(BrokenLink.unreadableFrom(expected, unreadable)));
            }
            if (window.isEmpty() && singly) {
                // No commit here, but one beyond that cannot be read: not a log that ends here.
                return new VerificationReport(commits, events, voids, Optional.of(new BrokenLink(expected, null, -1,
                        null, "no commit at position " + expected + " but one beyond that is not stored as the "
                        + "ledger writes it")));
            }
            if (window.isEmpty()) {
                return VerificationReport.reaching(commits, events, voids, digest.at(expected), false);
            }
            for (StoredCommit commit : window) {
                if (expected >= end) {
                    break;
                }
                if (commit.position() != expected) {
                    Instant settled = clock.instant().minus(MongoLedgerStorageEngine.COMMIT_IN_FLIGHT);
                    if (!commit.committedAt().isBefore(settled)) {
                        return VerificationReport.reaching(commits, events, voids, digest.at(expected), true);
                    }
                    return new VerificationReport(commits, events, voids,
                            Optional.of(new LedgerHole(expected, commit.position()).brokenLink()));
                }
                List<StoredEventFields> read = commit.events().stream()
                        .map(event -> StoredEventFields.read(event.document())).toList();
                Optional<BrokenLink> broken = commit.isVoid() ? checkVoid(commit) : checkCommit(commit, read, streams);
                commits++;
                if (commit.isVoid()) {
                    voids += commit.count();
                } else {
                    events += commit.count();
                }
                if (broken.isPresent()) {
                    return new VerificationReport(commits, events, voids, broken);
                }
                read.stream().filter(event -> event.position() < end).forEach(event -> digest.add(event.hash()));
                expected = commit.end();
            }
        }
        return VerificationReport.reaching(commits, events, voids, digest.at(end), false);
    }

    /**
     * Only the given streams, each from its first event. A stored commit holding events of several of
     * them (a duplicate marked on its canonical ticket) is read once per stream but counted once, so
     * the count means what it means for the whole log.
     */
    public VerificationReport verifyStreams(Collection<String> aggregateIds) {
        Set<Long> commits = new HashSet<>();
        long events = 0;
        for (String aggregateId : aggregateIds) {
            Link link = new Link(-1, EventHasher.GENESIS);
            long next = 0;
            while (true) {
                List<StoredCommit> window;
                try {
                    window = commitLog.chunksStartingIn(aggregateId, next, WINDOW);
                } catch (BsonInvalidOperationException | BsonSerializationException unreadable) {
                    return new VerificationReport(commits.size(), events, 0,
                            Optional.of(unreadableChunk(aggregateId, next, unreadable)));
                }
                if (window.isEmpty()) {
                    break;
                }
                for (StoredCommit commit : window) {
                    commits.add(commit.position());
                    for (EventDocument stored : commit.eventsOf(aggregateId)) {
                        StoredEventFields event = StoredEventFields.read(stored.document());
                        events++;
                        Optional<BrokenLink> broken = checkEvent(event, link);
                        if (broken.isPresent()) {
                            return new VerificationReport(commits.size(), events, 0, broken);
                        }
                        link = new Link(event.sequence(), event.hash());
                    }
                }
                next = link.sequence() + 1;
            }
        }
        return new VerificationReport(commits.size(), events, 0, Optional.empty());
    }

    /**
     * The commit of a stream's window that cannot be read as the ledger writes it, named by reading the
     * window one chunk at a time and that commit by its {@code _id} alone (tester 40: the release's check
     * answered 500, its detail pointing at the check of the whole log).
     */
    private BrokenLink unreadableChunk(String aggregateId, long from, RuntimeException unreadable) {
        for (long sequence = from; sequence < from + WINDOW; sequence++) {
            try {
                commitLog.chunksStartingIn(aggregateId, sequence, 1);
            } catch (BsonInvalidOperationException | BsonSerializationException here) {
                long position = commitLog.chunkPosition(aggregateId, sequence).orElse(-1);
                return new BrokenLink(position, aggregateId, sequence, null, "the commit at position " + position
                        + " holding event " + sequence + " of " + aggregateId + " is not stored as the ledger writes it: "
                        + here.getMessage());
            }
        }
        return BrokenLink.unreadableFrom(-1, unreadable);
    }

    private static Optional<BrokenLink> checkVoid(StoredCommit commit) {
        if (commit.count() < 1 || !commit.events().isEmpty()) {
            return Optional.of(new BrokenLink(commit.position(), null, -1, null,
                    "a void must cover at least one position and hold no event"));
        }
        return Optional.empty();
    }

    private Optional<BrokenLink> checkCommit(StoredCommit commit, List<StoredEventFields> events,
                                             Map<String, Link> streams) {
        // Outside the hashes, but where a cut of the log may end: sizes that cannot be right are tampering.
        if (!commit.commitSizesAgree()) {
            return Optional.of(new BrokenLink(commit.position(), null, -1, null, commit.commitSizes() == null
                    ? "commitSizes is no array of integers"
                    : "commitSizes " + commit.commitSizes() + " do not divide its " + commit.count() + " events into commits"));
        }
        long position = commit.position();
        for (StoredEventFields event : events) {
            if (event.position() == null || event.position() != position) {
                return Optional.of(broken(event, position, "event is not at the position its commit implies"));
            }
            if (event.aggregateId() == null) {
                return Optional.of(broken(event, position, "event names no stream"));
            }
            Link link = streams.getOrDefault(event.aggregateId(), new Link(-1, EventHasher.GENESIS));
            Optional<BrokenLink> broken = checkEvent(event, link);
            if (broken.isPresent()) {
                return broken;
            }
            streams.put(event.aggregateId(), new Link(event.sequence(), event.hash()));
            position++;
        }
        return Optional.empty();
    }

    /** {@code event}'s position was checked by its caller, or comes from its stream's own chunks. */
    private static Optional<BrokenLink> checkEvent(StoredEventFields event, Link previous) {
        long position = event.position() == null ? -1 : event.position();
        if (event.sequence() == null || event.sequence() != previous.sequence() + 1) {
            return Optional.of(broken(event, position, "sequence does not follow " + previous.sequence()));
        }
        if (!previous.hash().equals(event.previousHash())) {
            return Optional.of(broken(event, position, "previousHash does not match the stream's previous event"));
        }
        if (!event.recomputedHash().equals(event.hash())) {
            return Optional.of(broken(event, position, "content does not match its hash"));
        }
        return Optional.empty();
    }

    private static BrokenLink broken(StoredEventFields event, long position, String problem) {
        return new BrokenLink(position, event.aggregateId(), event.sequence() == null ? -1 : event.sequence(),
                event.eventId(), problem);
    }

    private record Link(long sequence, String hash) {
    }
}
