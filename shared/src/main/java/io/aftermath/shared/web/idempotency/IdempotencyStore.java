package io.aftermath.shared.web.idempotency;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import io.aftermath.shared.web.problem.Problems;

/**
 * Idempotency keys in MongoDB ({@value #COLLECTION}), so they hold across nodes and restarts. A key is
 * claimed by inserting its document: the unique {@code _id} lets exactly one of two concurrent
 * duplicates win, on the embedded server as on a replica set. Every call blocks; callers run it off
 * the event loop.
 * <pre>
 * { _id: sha256(user, key), user, key, fingerprint: sha256(method, path, body), requestId, claimant,
 *   state: IN_PROGRESS|DONE, claimedAt, expiresAt, status, headers, body }
 * </pre>
 * {@code requestId} is derived from {@code _id} and the fingerprint, not drawn: a claim the embedded
 * store had not yet made durable when the process died is gone after the restart, and the client's
 * retry must still carry the id of the run that may have appended. A claim taken over keeps the id it
 * holds (claims from before ids were derived hold a drawn one), so every run of one request carries the
 * same id (see {@link IdempotentRequest}).
 * A claim left unfinished is taken over once its lease is over, or at once when this process made it
 * and runs no request under it: a claim whose insert timed out on a store that hung and wrote it later,
 * or whose run ended without the store taking its outcome (tester 51: retries got 409 for the whole
 * lease). {@code claimant} names the process and the claim; an outcome is written only over the claim of
 * its run. An outcome the store does not take for an outage is kept here, and written before this
 * process claims its key again or by {@link AwaitingOutcomeWriter} once the store is back.
 * {@code expiresAt} carries a TTL index for real MongoDB; the embedded server ignores TTL indexes, so
 * expired documents are also treated as absent here, and {@link #forgetExpired} deletes them.
 */
public class IdempotencyStore {

    public static final String COLLECTION = "idempotency_keys";
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyStore.class);
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String DONE = "DONE";
    private static final int ATTEMPTS = 5;
    /** Far beyond the keyed writes one node has under way when an outage begins. */
    private static final int MAX_AWAITING = 10_000;

    private final MongoCollection<Document> keys;
    private final Clock clock;
    private final Duration ttl;
    private final Duration lease;
    private final String process = UUID.randomUUID().toString();
    private final AtomicLong claims = new AtomicLong();
    /** The keys this process claimed and runs a request under, with the claimant of each. */
    private final Map<String, String> running = new ConcurrentHashMap<>();
    /** Outcomes of runs here that the store did not take for an outage, by key. */
    private final Map<String, Outcome> awaiting = new ConcurrentHashMap<>();

    public IdempotencyStore(MongoDatabase database, Clock clock, IdempotencyProperties properties) {
        this.keys = database.getCollection(COLLECTION).withWriteConcern(WriteConcern.MAJORITY);
        this.clock = clock;
        this.ttl = properties.ttl();
        this.lease = properties.lease();
        try {
            keys.createIndex(Indexes.ascending("expiresAt"),
                    new IndexOptions().name("expiresAt_ttl").expireAfter(0L, TimeUnit.SECONDS));
        } catch (MongoException e) {
            LOG.info("No TTL index on {} ({}); expired keys are ignored when read", COLLECTION, e.getMessage());
        }
    }

    public Claim claim(String id, String user, String key, String fingerprint) {
        return claim(id, user, key, fingerprint, fingerprint);
    }

    /**
     * Claims the key for the request {@code fingerprint}; a key held under {@code formerFingerprint},
     * the same request's fingerprint as an earlier version took it, counts as the same request.
     */
    public Claim claim(String id, String user, String key, String fingerprint, String formerFingerprint) {
        storeAwaiting(id);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            String requestId = requestId(id, fingerprint);
            String claimant = process + "/" + claims.incrementAndGet();
            Document claim = claimDocument(id, user, key, fingerprint, requestId, claimant, now);
            if (writeClaim(id, claimant, false, () -> insert(claim))) {
                return new Claim.Acquired(new IdempotentRequest(requestId));
            }
            Document existing = keys.find(Filters.eq("_id", id)).first();
            if (existing == null) {
                continue;
            }
            if (!existing.getDate("expiresAt").toInstant().isAfter(now)) {
                keys.deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq("expiresAt", existing.getDate("expiresAt"))));
                continue;
            }
            String held = existing.getString("fingerprint");
            if (!fingerprint.equals(held) && !formerFingerprint.equals(held)) {
                return new Claim.Mismatch();
            }
            if (DONE.equals(existing.getString("state"))) {
                if (existing.get("status") == null || !existing.containsKey("body")) {
                    // The embedded server can hand out a document half-way through an in-place update.
                    continue;
                }
                return new Claim.Completed(response(existing));
            }
            boolean leaseOver = !existing.getDate("claimedAt").toInstant().plus(lease).isAfter(now);
            if (leaseOver || leftHere(id, existing.getString("claimant"))) {
                Bson unchanged = Filters.and(Filters.eq("_id", id), Filters.eq("state", IN_PROGRESS),
                        Filters.eq("claimedAt", existing.getDate("claimedAt")));
                // Claims stored before request ids existed carry none.
                String earlier = existing.getString("requestId");
                String resumed = earlier != null ? earlier : requestId;
                Document takeover = claimDocument(id, user, key, fingerprint, resumed, claimant, now);
                // Past the lease, a run of this process still under the claim is given up as any other's.
                if (writeClaim(id, claimant, leaseOver,
                        () -> keys.replaceOne(unchanged, takeover).getModifiedCount() == 1)) {
                    LOG.warn("Took over the idempotency key of {} left unfinished since {}{}", user,
                            existing.getDate("claimedAt").toInstant(), leaseOver ? "" : " by this node");
                    return new Claim.Acquired(new IdempotentRequest(resumed));
                }
                continue;
            }
            return new Claim.InProgress();
        }
        return new Claim.InProgress();
    }

    static String requestId(String id, String fingerprint) {
        return UUID.nameUUIDFromBytes(("request:" + id + ":" + fingerprint).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Whether this process claimed the key and runs nothing under that claim. */
    private boolean leftHere(String id, String claimant) {
        return claimant != null && claimant.startsWith(process + "/") && !claimant.equals(running.get(id));
    }

    /**
     * Stores the outcome of the run under the claim. One the store does not take for an outage is kept
     * until the store is back ({@link #storeAwaiting}), so a retry on any node is answered as the run was.
     */
    public void complete(String id, StoredResponse response) {
        settle(id, response);
    }

    /** Forgets an unfinished claim, so that a retry with the same key executes again. */
    public void release(String id) {
        settle(id, null);
    }

    private void settle(String id, StoredResponse response) {
        Outcome outcome = new Outcome(running.get(id), response, clock.instant().plus(ttl));
        try {
            write(id, outcome);
        } catch (MongoException e) {
            if (Problems.storeOutOfReach(e)) {
                keepForTheStoresReturn(id, outcome);
            }
            throw e;
        } finally {
            // Only now: until the outcome is stored or kept, a retry here must wait rather than run again.
            running.remove(id);
        }
    }

    /**
     * The outcome of a run under a claim: its response, or none when the claim is to be released. Written
     * only over the claim it settles, so a claim taken over since, by a retry past the lease, is left to
     * the run that took it.
     */
    private record Outcome(String claimant, StoredResponse response, Instant keptUntil) {
    }

    private void write(String id, Outcome outcome) {
        Bson claim = outcome.claimant() == null
                ? Filters.and(Filters.eq("_id", id), Filters.eq("state", IN_PROGRESS))
                : Filters.and(Filters.eq("_id", id), Filters.eq("state", IN_PROGRESS),
                Filters.eq("claimant", outcome.claimant()));
        StoredResponse response = outcome.response();
        if (response == null) {
            keys.deleteOne(claim);
            return;
        }
        Document headers = new Document();
        response.headers().forEach(headers::append);
        keys.updateOne(claim, Updates.combine(
                Updates.set("state", DONE),
                Updates.set("status", response.status()),
                Updates.set("headers", headers),
                Updates.set("body", new Binary(response.body())),
                Updates.set("completedAt", Date.from(clock.instant()))));
    }

    /**
     * Tester 62: a write answered as the store went away had its outcome lost, and its keyed retry got 409
     * on other nodes until the claim's lease was over, then ran again. The outcome is kept in memory (lost
     * with the process, which leaves the retry to the lease as before).
     */
    private void keepForTheStoresReturn(String id, Outcome outcome) {
        if (awaiting.size() >= MAX_AWAITING && !awaiting.containsKey(id)) {
            LOG.warn("{} idempotent outcomes already wait for the store; this one is not kept: its key's retry runs "
                    + "again once the key's lease is over", MAX_AWAITING);
            return;
        }
        awaiting.put(id, outcome);
    }

    /**
     * Writes the outcomes an outage kept from the store, and forgets those whose key has expired.
     *
     * @return how many were written
     * @throws MongoException when the store is still out of reach; what was not written stays kept
     */
    public int storeAwaiting() {
        int stored = 0;
        for (Map.Entry<String, Outcome> kept : awaiting.entrySet()) {
            if (!kept.getValue().keptUntil().isAfter(clock.instant())) {
                awaiting.remove(kept.getKey(), kept.getValue());
                continue;
            }
            write(kept.getKey(), kept.getValue());
            if (awaiting.remove(kept.getKey(), kept.getValue())) {
                stored++;
            }
        }
        return stored;
    }

    /** How many outcomes wait for the store to be back. */
    public int awaiting() {
        return awaiting.size();
    }

    /** A claim's own outcome first, so that its retry finds it rather than the claim it settles. */
    private void storeAwaiting(String id) {
        Outcome kept = awaiting.get(id);
        if (kept != null) {
            write(id, kept);
            awaiting.remove(id, kept);
        }
    }

    /**
     * Deletes every key past its lifetime and answers how many. Where the TTL index works (MongoDB)
     * it has little left to do; the embedded server ignores TTL indexes, and without this its keys,
     * each holding a stored response, would pile up for as long as the node runs.
     */
    public long forgetExpired() {
        return keys.deleteMany(Filters.lte("expiresAt", Date.from(clock.instant()))).getDeletedCount();
    }

    /**
     * Writes a claim counted as running here from before it can be seen, so no retry here takes it over;
     * {@code overRunning} replaces a run of this process still counted (one past its lease).
     */
    private boolean writeClaim(String id, String claimant, boolean overRunning, BooleanSupplier write) {
        if (overRunning) {
            running.put(id, claimant);
        } else if (running.putIfAbsent(id, claimant) != null) {
            return false;
        }
        boolean written = false;
        try {
            written = write.getAsBoolean();
        } catch (MongoException e) {
            if (Problems.storeOutOfReach(e)) {
                // A store that hangs may write the claim once it answers again, long after its request was
                // answered 503: released then, so no node waits for the lease of a claim that nothing runs under.
                keepForTheStoresReturn(id, new Outcome(claimant, null, clock.instant().plus(ttl)));
            }
            throw e;
        } finally {
            if (!written) {
                running.remove(id, claimant);
            }
        }
        return written;
    }

    private boolean insert(Document claim) {
        try {
            keys.insertOne(claim);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private Document claimDocument(String id, String user, String key, String fingerprint, String requestId,
                                   String claimant, Instant now) {
        return new Document("_id", id)
                .append("user", user)
                .append("key", key)
                .append("fingerprint", fingerprint)
                .append("requestId", requestId)
                .append("claimant", claimant)
                .append("state", IN_PROGRESS)
                .append("claimedAt", Date.from(now))
                .append("expiresAt", Date.from(now.plus(ttl)));
    }

    @SuppressWarnings("unchecked")
    private static StoredResponse response(Document document) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Document stored = document.get("headers", Document.class);
        if (stored != null) {
            stored.forEach((name, values) -> headers.put(name, new ArrayList<>((List<String>) values)));
        }
        Binary body = document.get("body", Binary.class);
        return new StoredResponse(document.getInteger("status"), headers, body == null ? new byte[0] : body.getData());
    }
}
