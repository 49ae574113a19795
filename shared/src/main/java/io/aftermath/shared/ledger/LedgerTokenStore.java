package io.aftermath.shared.ledger;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Updates;

/**
 * Processor tokens with fenced claims. A claim is a compare-and-set: an {@code updateOne} matching
 * the whole entry as it was read (see {@link #exactly}), which the embedded server applies under its
 * collection lock, unlike {@code findOneAndUpdate}, whose returned document it can get wrong. Every
 * later write of the token (store, extend, release) matches on this node as owner, so a node that
 * lost its claim fails its next write instead of overwriting the new owner's progress.
 * <p>
 * A claim belongs to this store object, not to the node's name: {@value #OWNER_INSTANCE} holds an id
 * drawn when it is made, so two processes started with one {@code aftermath.node-id} by mistake
 * still cannot hold a segment at once. The name only labels the claim for people. A restarted
 * process is a new claimant too: it takes back what its predecessor held once that is released
 * (a clean stop releases) or has expired.
 * <p>
 * Only {@code fetchToken} claims. Axon's own stores also let {@code storeToken} claim a segment no one
 * holds, but a tracking processor always fetches before it stores (a reset too), so here that would
 * only serve a node that stalled past its claim while another took the segment, reset or advanced it
 * and let it go: that node's older token would win. It fails instead, and its processor fetches again.
 *
 * <p>The owner's token writes and extensions also match the entry's version as this store last wrote it. A
 * store that lost writes (an embedded store's node killed while query nodes of other processes stay up: what it
 * had not committed is gone, the ledger's appends aside) holds an older version, so the next write fails and the
 * processor claims the segment again, from the token the store kept: it processes again what the store lost,
 * where it would otherwise go on from its own position and leave those read-model writes missing for good.
 *
 * <p>Beside a ledger token the entry keeps {@value #PROCESSED_BEFORE}: every event before that position
 * has been processed. It is written with the token, in the same update, so other nodes can read how far
 * a segment has got by key without reading, or claiming, Axon's token.
 */
public class LedgerTokenStore implements TokenStore {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerTokenStore.class);

    /** The entry's field holding the position every event before which its processor has processed. */
    public static final String PROCESSED_BEFORE = "processedBefore";

    private static final String STORAGE_ID = "__storage_id";
    private static final String PROCESSOR = "processorName";
    private static final String SEGMENT = "segment";
    private static final String OWNER = "owner";
    private static final String OWNER_INSTANCE = "ownerInstance";
    private static final String CLAIMED_AT = "claimedAt";
    private static final String VERSION = "version";
    private static final String TOKEN = "token";
    private static final String TOKEN_TYPE = "tokenType";

    private final MongoCollection<BsonDocument> tokens;
    private final Serializer serializer;
    private final String nodeId;
    private final String instance = UUID.randomUUID().toString();
    /** Per segment this store claimed: the entry's version as this store last wrote it. */
    private final Map<String, WrittenVersion> written = new ConcurrentHashMap<>();
    private final Duration claimTimeout;
    private final Clock clock;

    public LedgerTokenStore(MongoDatabase database, Serializer serializer, String nodeId, Duration claimTimeout,
                            Clock clock) {
        this.tokens = database.getCollection(LedgerSchema.TOKENS, BsonDocument.class);
        this.serializer = serializer;
        this.nodeId = nodeId;
        this.claimTimeout = claimTimeout;
        this.clock = clock;
    }

    /** A node id unique to this process, so two processes on one host never share claims. */
    public static String uniqueNodeId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return true;
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        initializeTokenSegments(processorName, segmentCount, null);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        List<BsonDocument> entries = new ArrayList<>();
        for (int segment = 0; segment < segmentCount; segment++) {
            entries.add(entry(processorName, segment, initialToken));
        }
        try {
            tokens.insertMany(entries, new InsertManyOptions().ordered(true));
        } catch (MongoBulkWriteException e) {
            throw new UnableToClaimTokenException(
                    "Could not initialize segments for processor [" + processorName + "]: they already exist");
        }
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        try {
            tokens.insertOne(entry(processorName, segment, token));
        } catch (MongoWriteException e) {
            throw new UnableToInitializeTokenException(
                    "Segment [" + segment + "] of processor [" + processorName + "] already exists");
        }
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        return token(claim(processorName, segment));
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        return fetchToken(processorName, segment.getSegmentId());
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        List<Bson> changes = new ArrayList<>(List.of(Updates.set(CLAIMED_AT, now())));
        changes.addAll(tokenFields(token));
        writeAsOwner(processorName, segment, changes);
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        writeAsOwner(processorName, segment, List.of(Updates.set(CLAIMED_AT, now())));
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        WrittenVersion version = writtenVersion(processorName, segment);
        synchronized (version) {
            version.forget();
            tokens.updateOne(ownedByMe(processorName, segment), Updates.combine(Updates.set(OWNER, BsonNull.VALUE),
                    Updates.set(OWNER_INSTANCE, BsonNull.VALUE), Updates.inc(VERSION, 1L)));
        }
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        WrittenVersion version = writtenVersion(processorName, segment);
        synchronized (version) {
            version.forget();
            if (tokens.deleteOne(ownedByMe(processorName, segment)).getDeletedCount() == 0) {
                throw notOwner(processorName, segment);
            }
        }
    }

    /**
     * One write of the claimed entry, matching this store as owner and the version it last wrote. Writes of one
     * segment are serialized here, so only another owner or a store that lost writes makes one fail.
     */
    private void writeAsOwner(String processorName, int segment, List<Bson> changes) {
        WrittenVersion version = writtenVersion(processorName, segment);
        synchronized (version) {
            if (version.value < 0) {
                throw notOwner(processorName, segment);
            }
            List<Bson> all = new ArrayList<>(changes);
            all.add(Updates.set(VERSION, version.value + 1));
            Bson filter = Filters.and(ownedByMe(processorName, segment), Filters.eq(VERSION, version.value));
            long modified;
            try {
                modified = tokens.updateOne(filter, Updates.combine(all)).getModifiedCount();
            } catch (RuntimeException inFlight) {
                // A write cut off in flight (a timeout) may have been applied: claiming again is exact, a guess is not.
                version.forget();
                throw inFlight;
            }
            if (modified == 0) {
                long expected = version.value;
                version.forget();
                throw lostWrites(processorName, segment, expected).orElseGet(() -> notOwner(processorName, segment));
            }
            version.value++;
        }
    }

    /** If the entry is still claimed by this store but at another version than it wrote, the store lost writes. */
    private Optional<UnableToClaimTokenException> lostWrites(String processorName, int segment, long expected) {
        BsonDocument entry = tokens.find(Filters.eq(LedgerSchema.ID, id(processorName, segment))).first();
        if (entry == null || !mine(entry)) {
            return Optional.empty();
        }
        String message = "The store holds version " + entry.getInt64(VERSION).getValue() + " of segment [" + segment
                + "] of processor [" + processorName + "] where this node wrote version " + expected
                + ": it lost writes (restarted from an older state?); the segment is claimed again from the token "
                + "it kept, and what it lost is processed again";
        LOG.warn(message);
        return Optional.of(new UnableToClaimTokenException(message));
    }

    private WrittenVersion writtenVersion(String processorName, int segment) {
        return written.computeIfAbsent(id(processorName, segment), id -> new WrittenVersion());
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return entriesOf(processorName).stream().mapToInt(entry -> entry.getInt32(SEGMENT).getValue()).sorted()
                .toArray();
    }

    /**
     * The node ({@code aftermath.node-id}) holding each claimed segment of a processor, for people asking which
     * node runs it; a claim left to lapse by a node that went away holds none.
     */
    public Map<Integer, String> claimants(String processorName) {
        Map<Integer, String> claimants = new TreeMap<>();
        for (BsonDocument entry : entriesOf(processorName)) {
            if (claimed(entry)) {
                claimants.put(entry.getInt32(SEGMENT).getValue(), entry.getString(OWNER).getValue());
            }
        }
        return claimants;
    }

    /**
     * Whether this process holds every claimed segment of a processor, and there is one. Told by the id the process
     * drew, not by its name, which two processes may be given by mistake (tester 151: a rebuild asked of the process
     * not running the projection, under the same name, was begun there).
     */
    public boolean heldHere(String processorName) {
        List<BsonDocument> claimed = entriesOf(processorName).stream().filter(this::claimed).toList();
        return !claimed.isEmpty() && claimed.stream().allMatch(this::mine);
    }

    private boolean claimed(BsonDocument entry) {
        BsonValue owner = entry.get(OWNER);
        return owner != null && owner.isString() && (mine(entry) || !claimable(entry));
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        List<BsonDocument> entries = entriesOf(processorName);
        int[] all = entries.stream().mapToInt(entry -> entry.getInt32(SEGMENT).getValue()).sorted().toArray();
        return entries.stream().filter(this::claimable)
                .map(entry -> Segment.computeSegment(entry.getInt32(SEGMENT).getValue(), all))
                .toList();
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        BsonDocument existing = tokens.find(Filters.eq(LedgerSchema.ID, STORAGE_ID)).first();
        if (existing == null) {
            try {
                tokens.insertOne(new BsonDocument(LedgerSchema.ID, new BsonString(STORAGE_ID))
                        .append(TOKEN, new BsonString(UUID.randomUUID().toString())));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            existing = tokens.find(Filters.eq(LedgerSchema.ID, STORAGE_ID)).first();
        }
        return Optional.of(existing.getString(TOKEN).getValue());
    }

    /**
     * Claims the entry if it is free, expired or ours: one compare-and-set on the entry that was read.
     * Anything else is someone else's claim.
     */
    private BsonDocument claim(String processorName, int segment) {
        WrittenVersion version = writtenVersion(processorName, segment);
        synchronized (version) {
            version.forget();
            BsonDocument entry = claimEntry(processorName, segment);
            version.value = entry.getInt64(VERSION).getValue();
            return entry;
        }
    }

    private BsonDocument claimEntry(String processorName, int segment) {
        BsonDocument entry = tokens.find(Filters.eq(LedgerSchema.ID, id(processorName, segment))).first();
        if (entry == null) {
            throw new UnableToClaimTokenException(
                    "No token for segment [" + segment + "] of processor [" + processorName + "]; initialize it first");
        }
        if (!claimable(entry)) {
            throw new UnableToClaimTokenException("Segment [" + segment + "] of processor [" + processorName
                    + "] is claimed by [" + entry.get(OWNER) + "]");
        }
        long version = entry.getInt64(VERSION).getValue();
        List<Bson> changes = new ArrayList<>(List.of(Updates.set(OWNER, nodeId),
                Updates.set(OWNER_INSTANCE, instance), Updates.set(CLAIMED_AT, now()), Updates.set(VERSION, version + 1)));
        if (!entry.containsKey(PROCESSED_BEFORE)) {
            // An entry an earlier version wrote: its first claim here makes its position readable.
            processedBefore(token(entry)).ifPresent(position -> changes.add(Updates.set(PROCESSED_BEFORE, position)));
        }
        long modified = tokens.updateOne(exactly(entry), Updates.combine(changes)).getModifiedCount();
        if (modified == 0) {
            throw new UnableToClaimTokenException(
                    "Segment [" + segment + "] of processor [" + processorName + "] was claimed concurrently");
        }
        entry.put(VERSION, new BsonInt64(version + 1));
        return entry;
    }

    /**
     * Matches only the entry exactly as it was read. The embedded server updates documents in place
     * and encodes query results outside its lock, so a read can mix fields from before and after a
     * concurrent update (an old owner with a new version); matching on the version alone would then
     * let two nodes win. Matching every field read makes the decision hold for the stored state.
     */
    private static Bson exactly(BsonDocument entry) {
        List<Bson> fields = new ArrayList<>();
        entry.forEach((name, value) -> fields.add(Filters.eq(name, value)));
        if (!entry.containsKey(TOKEN)) {
            fields.add(Filters.exists(TOKEN, false));
        }
        return Filters.and(fields);
    }

    private boolean claimable(BsonDocument entry) {
        BsonValue owner = entry.get(OWNER);
        if (owner == null || owner.isNull() || mine(entry)) {
            return true;
        }
        Instant claimedAt = Instant.ofEpochMilli(entry.getDateTime(CLAIMED_AT).getValue());
        return claimedAt.plus(claimTimeout).isBefore(clock.instant());
    }

    private boolean mine(BsonDocument entry) {
        BsonValue claimant = entry.get(OWNER_INSTANCE);
        return claimant != null && claimant.isString() && instance.equals(claimant.asString().getValue());
    }

    private List<BsonDocument> entriesOf(String processorName) {
        return tokens.find(Filters.eq(PROCESSOR, processorName)).into(new ArrayList<>());
    }

    private Bson ownedByMe(String processorName, int segment) {
        return Filters.and(Filters.eq(LedgerSchema.ID, id(processorName, segment)),
                Filters.eq(OWNER_INSTANCE, instance));
    }

    private BsonDocument entry(String processorName, int segment, TrackingToken token) {
        BsonDocument entry = new BsonDocument(LedgerSchema.ID, new BsonString(id(processorName, segment)))
                .append(PROCESSOR, new BsonString(processorName))
                .append(SEGMENT, new BsonInt32(segment))
                .append(OWNER, BsonNull.VALUE)
                .append(CLAIMED_AT, now())
                .append(VERSION, new BsonInt64(0));
        if (token != null) {
            SerializedObject<JsonNode> serialized = serializer.serialize(token, JsonNode.class);
            entry.append(TOKEN_TYPE, new BsonString(serialized.getType().getName()))
                    .append(TOKEN, BsonJson.toBson(serialized.getData()));
        }
        processedBefore(token).ifPresent(position -> entry.append(PROCESSED_BEFORE, new BsonInt64(position)));
        return entry;
    }

    private List<Bson> tokenFields(TrackingToken token) {
        List<Bson> fields = new ArrayList<>();
        if (token == null) {
            fields.add(Updates.unset(TOKEN_TYPE));
            fields.add(Updates.unset(TOKEN));
        } else {
            SerializedObject<JsonNode> serialized = serializer.serialize(token, JsonNode.class);
            fields.add(Updates.set(TOKEN_TYPE, serialized.getType().getName()));
            fields.add(Updates.set(TOKEN, BsonJson.toBson(serialized.getData())));
        }
        OptionalLong position = processedBefore(token);
        fields.add(position.isPresent() ? Updates.set(PROCESSED_BEFORE, position.getAsLong())
                : Updates.unset(PROCESSED_BEFORE));
        return fields;
    }

    /**
     * Every event before the returned position has been processed by a processor at this token: the
     * ledger's tokens (also inside a replay) stand at the last event processed, and no token means none
     * was. Another kind of token says nothing about the ledger's positions.
     */
    static OptionalLong processedBefore(TrackingToken token) {
        TrackingToken current = WrappedToken.unwrapLowerBound(token);
        if (current == null) {
            return OptionalLong.of(0);
        }
        return current instanceof GlobalSequenceTrackingToken global ? OptionalLong.of(global.getGlobalIndex() + 1)
                : OptionalLong.empty();
    }

    private TrackingToken token(BsonDocument entry) {
        BsonValue type = entry.get(TOKEN_TYPE);
        if (type == null || type.isNull()) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(BsonJson.toJson(entry.get(TOKEN)), JsonNode.class,
                new SimpleSerializedType(type.asString().getValue(), null)));
    }

    private BsonDateTime now() {
        return new BsonDateTime(clock.millis());
    }

    private UnableToClaimTokenException notOwner(String processorName, int segment) {
        return new UnableToClaimTokenException(
                "Segment [" + segment + "] of processor [" + processorName + "] is not claimed by [" + nodeId + "]");
    }

    /** The version of a segment's entry as this store last wrote it, -1 while it holds no claim. */
    private static final class WrittenVersion {

        private long value = -1;

        void forget() {
            value = -1;
        }
    }

    /** The {@code _id} of a segment's entry in {@link LedgerSchema#TOKENS}. */
    public static String id(String processorName, int segment) {
        return processorName + "#" + segment;
    }
}
