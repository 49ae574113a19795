package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.AGGREGATE_ID;
import static io.aftermath.shared.ledger.LedgerSchema.EVENT_ID;
import static io.aftermath.shared.ledger.LedgerSchema.HASH;
import static io.aftermath.shared.ledger.LedgerSchema.POSITION;
import static io.aftermath.shared.ledger.LedgerSchema.PREVIOUS_HASH;
import static io.aftermath.shared.ledger.LedgerSchema.SEQUENCE;

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
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

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
        while (expected < end) {
            List<StoredCommit> window = commitLog.startingIn(expected, WINDOW);
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
                Optional<BrokenLink> broken = commit.isVoid() ? checkVoid(commit) : checkCommit(commit, streams);
                commits++;
                if (commit.isVoid()) {
                    voids += commit.count();
                } else {
                    events += commit.count();
                }
                if (broken.isPresent()) {
                    return new VerificationReport(commits, events, voids, broken);
                }
                commit.events().stream().map(EventDocument::document)
                        .filter(event -> event.getInt64(POSITION).getValue() < end)
                        .forEach(event -> digest.add(event.getString(HASH).getValue()));
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
                List<StoredCommit> window = commitLog.chunksStartingIn(aggregateId, next, WINDOW);
                if (window.isEmpty()) {
                    break;
                }
                for (StoredCommit commit : window) {
                    commits.add(commit.position());
                    for (EventDocument read : commit.eventsOf(aggregateId)) {
                        BsonDocument event = read.document();
                        events++;
                        Optional<BrokenLink> broken = checkEvent(event, link);
                        if (broken.isPresent()) {
                            return new VerificationReport(commits.size(), events, 0, broken);
                        }
                        link = new Link(sequenceOf(event), event.getString(HASH).getValue());
                    }
                }
                next = link.sequence() + 1;
            }
        }
        return new VerificationReport(commits.size(), events, 0, Optional.empty());
    }

    private static Optional<BrokenLink> checkVoid(StoredCommit commit) {
        if (commit.count() < 1 || !commit.events().isEmpty()) {
            return Optional.of(new BrokenLink(commit.position(), null, -1, null,
                    "a void must cover at least one position and hold no event"));
        }
        return Optional.empty();
    }

    private Optional<BrokenLink> checkCommit(StoredCommit commit, Map<String, Link> streams) {
        List<RawBsonDocument> events = commit.events().stream().map(EventDocument::document).toList();
        if (events.size() != commit.count()) {
            return Optional.of(new BrokenLink(commit.position(), null, -1, null,
                    "commit says " + commit.count() + " events but holds " + events.size()));
        }
        long position = commit.position();
        for (BsonDocument event : events) {
            BsonValue stored = event.get(POSITION);
            if (stored == null || !stored.isInt64() || stored.asInt64().getValue() != position) {
                return Optional.of(broken(event, position, "event is not at the position its commit implies"));
            }
            String aggregateId = event.getString(AGGREGATE_ID).getValue();
            Link link = streams.getOrDefault(aggregateId, new Link(-1, EventHasher.GENESIS));
            Optional<BrokenLink> broken = checkEvent(event, link);
            if (broken.isPresent()) {
                return broken;
            }
            streams.put(aggregateId, new Link(sequenceOf(event), event.getString(HASH).getValue()));
            position++;
        }
        return Optional.empty();
    }

    private static Optional<BrokenLink> checkEvent(BsonDocument event, Link previous) {
        long position = event.getInt64(POSITION).getValue();
        if (sequenceOf(event) != previous.sequence() + 1) {
            return Optional.of(broken(event, position, "sequence does not follow " + previous.sequence()));
        }
        if (!previous.hash().equals(event.getString(PREVIOUS_HASH).getValue())) {
            return Optional.of(broken(event, position, "previousHash does not match the stream's previous event"));
        }
        if (!EventHasher.hash(event).equals(event.getString(HASH).getValue())) {
            return Optional.of(broken(event, position, "content does not match its hash"));
        }
        return Optional.empty();
    }

    private static BrokenLink broken(BsonDocument event, long position, String problem) {
        return new BrokenLink(position, event.getString(AGGREGATE_ID).getValue(), sequenceOf(event),
                event.getString(EVENT_ID).getValue(), problem);
    }

    private static long sequenceOf(BsonDocument event) {
        return event.getInt64(SEQUENCE).getValue();
    }

    private record Link(long sequence, String hash) {
    }
}
