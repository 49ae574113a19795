package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.AGGREGATE_TYPE;
import static io.aftermath.shared.ledger.LedgerSchema.EVENT_ID;
import static io.aftermath.shared.ledger.LedgerSchema.META_DATA;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD_REVISION;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD_TYPE;
import static io.aftermath.shared.ledger.LedgerSchema.POSITION;
import static io.aftermath.shared.ledger.LedgerSchema.SEQUENCE;
import static io.aftermath.shared.ledger.LedgerSchema.TIMESTAMP;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonNull;
import org.bson.BsonSerializationException;
import org.bson.BsonString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.aftermath.shared.mongo.StoreErrors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Aftermath's ledger: an Axon {@link org.axonframework.eventsourcing.eventstore.EventStorageEngine}
 * on the plain MongoDB driver. See {@link LedgerSchema} for the documents and {@link CommitAppender}
 * for how positions stay gap-free. Every read goes through a unique key, so the cost of appending,
 * loading a stream or reading the next batch does not grow with the log.
 */
public class MongoLedgerStorageEngine extends AbstractEventStorageEngine implements AutoCloseable {

    /**
     * How long a commit may take to be written once sealed: milliseconds, with room for clocks of
     * several nodes that disagree by a few seconds. A position still empty behind a commit recorded
     * longer ago than this is a hole, not a commit in flight (see {@link #holeAt}).
     */
    static final Duration COMMIT_IN_FLIGHT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(MongoLedgerStorageEngine.class);
    /**
     * How far past a reader's position what holds it is looked for: a processor stands at the start of the batch
     * that met it (200 events by default), and the reads cost no more than a few windows. Walking on to the head
     * instead took a rebuild's 202, whose replay starts at 0, 24 s on a 300,000-event log under load.
     */
    private static final long OBSTACLE_REACH = 4096;

    private final CommitLog commitLog;
    private final SnapshotStore snapshots;
    private final HeadHint headHint;
    private final LedgerIdentity identity;
    private final StreamTails tails;
    private final LedgerSettings settings;
    private final CommitAppender appender;
    /** Per thread, as Axon's command bus runs a handler, its unit of work's commit and its callback on one. */
    private final ThreadLocal<Long> commitEnd = ThreadLocal.withInitial(() -> 0L);
    private final LedgerMetrics metrics;
    private final Clock clock;
    /** The highest head {@link #head()} read from the store; with the local head, what the head gauge shows. */
    private final AtomicLong headRead = new AtomicLong();
    private volatile EventEncoder encoder;
    private volatile boolean trackingEnded;

    protected MongoLedgerStorageEngine(Builder builder) {
        super(builder);
        MongoDatabase database = builder.database;
        this.settings = builder.settings;
        this.clock = builder.clock;
        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        commits.createIndex(Indexes.ascending(LedgerSchema.STREAMS),
                new IndexOptions().unique(true).name(LedgerSchema.STREAMS_INDEX));
        this.commitLog = new CommitLog(commits);
        this.snapshots = new SnapshotStore(database);
        MongoCollection<BsonDocument> meta = database.getCollection(LedgerSchema.LEDGER_META, BsonDocument.class);
        this.identity = StoreIdentity.ensure(meta, builder.clock);
        this.headHint = new HeadHint(meta, builder.clock);
        this.tails = new StreamTails(settings.tailCacheSize());
        long head = new HoleRepair(commitLog, settings)
                .fillFrom(commitLog.headFrom(headHint.read(), settings.trackingWindow()));
        Sequencer sequencer = new Sequencer(commitLog, tails, settings, builder.clock, head,
                commitLog.committedBefore(head, settings.trackingWindow()));
        this.metrics = new LedgerMetrics(builder.meterRegistry);
        this.appender = new CommitAppender(commitLog, sequencer, tails, builder.barrier, headHint, settings, metrics);
        this.encoder = new EventEncoder(getEventSerializer());
        metrics.head(this, MongoLedgerStorageEngine::knownHead);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            append(events, serializer);
            metrics.appended(started);
        } catch (RuntimeException failure) {
            metrics.failed(started, failure);
            throw failure;
        }
    }

    private void append(List<? extends EventMessage<?>> events, Serializer serializer) {
        EventEncoder eventEncoder = encoderFor(serializer);
        List<PendingEvent> pending = events.stream()
                .map(event -> eventEncoder.encode(EventUtils.asDomainEventMessage(event)))
                .toList();
        try {
            commitEnd.set(appender.append(pending) + pending.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventStoreException("Interrupted before the commit was sealed: nothing was appended", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException rejection) {
                throw rejection;
            }
            throw new EventStoreException("Ledger append failed", e.getCause());
        }
    }

    private EventEncoder encoderFor(Serializer serializer) {
        EventEncoder current = encoder;
        if (!current.encodes(serializer)) {
            current = new EventEncoder(serializer);
            encoder = current;
        }
        return current;
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        SerializedObject<JsonNode> payload = JsonTree.of(snapshot.getPayload(), serializer);
        String revision = payload.getType().getRevision();
        BsonDocument document = new BsonDocument(EVENT_ID, new BsonString(snapshot.getIdentifier()))
                .append(AGGREGATE_TYPE, new BsonString(snapshot.getType()))
                .append(LedgerSchema.AGGREGATE_ID, new BsonString(snapshot.getAggregateIdentifier()))
                .append(SEQUENCE, new BsonInt64(snapshot.getSequenceNumber()))
                .append(POSITION, new BsonInt64(-1))
                .append(TIMESTAMP, new BsonDateTime(snapshot.getTimestamp().toEpochMilli()))
                .append(PAYLOAD_TYPE, new BsonString(payload.getType().getName()))
                .append(PAYLOAD_REVISION, revision == null ? BsonNull.VALUE : new BsonString(revision))
                .append(PAYLOAD, BsonJson.toBson(payload.getData()))
                .append(META_DATA, BsonJson.toBsonDocument(JsonTree.of(snapshot.getMetaData(), serializer).getData()));
        snapshots.store(snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber(), document);
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readEventData(String aggregateIdentifier, long firstSequenceNumber) {
        return new StreamReader(commitLog, aggregateIdentifier, firstSequenceNumber, settings.streamWindow(), tails)
                .stream().map(LedgerEventData.Domain.class::cast);
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        if (trackingEnded) {
            return Stream.empty();
        }
        long start = firstPositionAfter(trackingToken);
        Stream<LedgerEventData> log = new PositionReader(commitLog, start, settings.trackingWindow()).stream();
        // Only Axon's shared tail reader asks with mayBlock; processors reading on their own meet the failure,
        // which Axon retries with back-off.
        return mayBlock ? QuietTail.of(log, start) : log;
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return snapshots.newest(aggregateIdentifier).map(EventDocument::of).map(LedgerEventData::domain).stream();
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return readEventData(aggregateIdentifier, 0).reduce((first, second) -> second)
                .map(DomainEventData::getSequenceNumber);
    }

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    @Override
    public TrackingToken createHeadToken() {
        return tokenBefore(head());
    }

    /** A token from which a processor sees every event committed at or after the given instant. */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        long low = 0;
        long high = head();
        while (low < high) {
            long middle = (low + high) >>> 1;
            Optional<StoredCommit> commit = commitLog.containing(middle, settings.trackingWindow());
            if (commit.isEmpty() || !commit.get().committedAt().isBefore(dateTime)) {
                high = middle;
            } else {
                low = commit.get().end();
            }
        }
        return tokenBefore(low);
    }

    /** The log as stored, in position order from {@code from}; the stream ends at the head. */
    public Stream<StoredEvent> storedEvents(long from) {
        return storedEvents(from, Long.MAX_VALUE);
    }

    /**
     * As {@link #storedEvents(long)}, reading no commit that starts at or after {@code end} (the events of
     * one begun before it that lie past it come too): a read cut before a commit changed by hand, or not
     * yet written, does not touch it.
     */
    public Stream<StoredEvent> storedEvents(long from, long end) {
        return new PositionReader(commitLog, from, settings.trackingWindow(), end).stream().map(LedgerEventData::stored);
    }

    /**
     * The identifier of the event at this position; empty for a void or a position the log does not reach.
     * One read of the commits starting in the window before it, by their unique key: its cost does not
     * grow with the log.
     */
    public Optional<String> eventIdAt(long position) {
        return commitLog.containing(position, settings.trackingWindow()).stream()
                .flatMap(commit -> commit.events().stream())
                .filter(event -> event.position() == position)
                .map(EventDocument::eventId)
                .findFirst();
    }

    /** One stream as stored, in sequence order. */
    public Stream<StoredEvent> storedStream(String aggregateIdentifier) {
        return new StreamReader(commitLog, aggregateIdentifier, 0, settings.streamWindow(), tails).stream()
                .map(LedgerEventData::stored);
    }

    /**
     * Where the log "as of" {@code instant} ends: after every commit recorded by then, and after the
     * last commit holding an event stamped at or before it, with everything before them. An event is
     * stamped when its command is accepted and recorded with its commit later (milliseconds, or as
     * long as the command waited in a queue), so an auditor asking for the moment an event shows gets
     * that event, and the cut is still a prefix of the log: a state the ledger held. That commit may
     * lie anywhere up to the head, so the log past the commits recorded by then is read to the head.
     */
    public long positionAfter(Instant instant) {
        return asOf(instant, event -> !event.timestamp().isAfter(instant)).end();
    }

    /**
     * As {@link #positionAfter(Instant)}, with the caller saying which events count as stamped by then;
     * also says where the read ran out, which is the head unless the log has a hole ({@link #holeAt}).
     */
    public AsOf asOf(Instant instant, Predicate<StoredEvent> stampedByThen) {
        TrackingToken before = createTokenAt(instant.plusMillis(1));
        long recorded = before == null ? 0 : ((GlobalSequenceTrackingToken) before).getGlobalIndex() + 1;
        long lastStamped = -1;
        long readTo = recorded;
        try (Stream<StoredEvent> events = storedEvents(recorded)) {
            for (StoredEvent event : (Iterable<StoredEvent>) events::iterator) {
                if (stampedByThen.test(event)) {
                    lastStamped = event.position();
                }
                readTo = event.position() + 1;
            }
        }
        return new AsOf(lastStamped < 0 ? recorded : cutAt(lastStamped + 1), readTo);
    }

    /** The log as of an instant ends before {@code end}; the read that found it ran out at {@code readTo}. */
    public record AsOf(long end, long readTo) {
    }

    /**
     * The first commit boundary at or after {@code position}: the end of the commit holding the event
     * just before it. Commits written together in one document end where their sizes say; the log
     * they end is the one a serial order of the same commits held.
     */
    public long cutAt(long position) {
        if (position == 0) {
            return 0;
        }
        return commitLog.containing(position - 1, settings.trackingWindow())
                .map(commit -> commit.endOfCommitHolding(position - 1)).orElse(position);
    }

    /**
     * The hole a read that ran out at {@code position} stopped at, if it stopped at one: the log goes
     * on past a missing commit (deleted from the store, since the ledger itself leaves none behind a
     * written commit once it restarts). A later commit recorded within {@link #COMMIT_IN_FLIGHT}
     * may just be ahead of one still being written, so it does not count.
     */
    public Optional<LedgerHole> holeAt(long position) {
        return holeBefore(position, Long.MAX_VALUE);
    }

    /** As {@link #holeAt}, for a hole before {@code limit}: the log is walked no further. */
    private Optional<LedgerHole> holeBefore(long position, long limit) {
        long stop = endFrom(position, limit);
        if (stop >= limit) {
            return Optional.empty();
        }
        Instant settled = clock.instant().minus(COMMIT_IN_FLIGHT);
        return commitLog.startingIn(stop + 1, settings.pipelineWindow()).stream().findFirst()
                .filter(beyond -> beyond.committedAt().isBefore(settled))
                .map(beyond -> new LedgerHole(stop, beyond.position()));
    }

    /**
     * What holds a read of the log that ran out at {@code position}, if anything within
     * {@link #OBSTACLE_REACH} of it does: a hole, or a commit at or after it changed out of the ledger's
     * shape, whichever comes first. The head is found from each commit's {@code _id} and {@code count} alone, so a commit
     * changed elsewhere shows only to a read that decodes it.
     */
    public Optional<LedgerObstacle> obstacleAt(long position) {
        Optional<LedgerObstacle> missing;
        try {
            missing = holeBefore(position, position + OBSTACLE_REACH).map(LedgerObstacle::missing);
        } catch (BsonInvalidOperationException | BsonSerializationException unreadable) {
            missing = Optional.empty();
        }
        Optional<LedgerObstacle> malformed = commitLog.unreadableFrom(position, settings.trackingWindow(),
                OBSTACLE_REACH).stream().mapToObj(LedgerObstacle::malformed).findFirst();
        return Stream.of(missing, malformed).flatMap(Optional::stream)
                .min(Comparator.comparingLong(LedgerObstacle::position));
    }

    /**
     * The first free position at or after {@code position}, where a read of the log ran out: the log's
     * end, or a hole ({@link #holeAt}). Voids are walked over.
     */
    public long endFrom(long position) {
        return endFrom(position, Long.MAX_VALUE);
    }

    private long endFrom(long position, long limit) {
        return commitLog.containing(position, settings.trackingWindow())
                .map(commit -> commitLog.headFrom(commit.end(), settings.trackingWindow(), limit)).orElse(position);
    }

    /**
     * The first free position: every event before it is stored. Reads the log, so it sees other nodes too,
     * from the furthest head this node knows: from its own appends alone, a node that appends little (a
     * query node) re-read every commit written since it started on every call. A head once read never
     * moves back, so commits removed from the log's end show as a log ending before it.
     */
    public long head() {
        long head = commitLog.headFrom(knownHead(), settings.trackingWindow());
        headRead.accumulateAndGet(head, Math::max);
        return head;
    }

    /**
     * The head, if a document lies there whose {@code _id} or {@code count} cannot be read (written by hand):
     * the readable log ends before it, and every append is refused until it is put right.
     */
    public Optional<Long> unreadableAtHead() {
        long head = head();
        return commitLog.spanUnreadableAt(head) ? Optional.of(head) : Optional.empty();
    }

    /** Which log this is; read or drawn once, as the engine started. */
    public LedgerIdentity identity() {
        return identity;
    }

    /** Why this node stopped appending, if it did (another writer while it pipelines, a store that fails). */
    public Optional<String> appendsStopped() {
        return appender.stopped().map(RuntimeException::getMessage);
    }

    /** The first free position as far as this node's own appends go; costs nothing. */
    public long localHead() {
        return appender.head();
    }

    /**
     * Where the last commit this thread appended since {@link #forgetCommitEndOnThisThread} ends (its last
     * event's position + 1); 0 if none. A commit may be durable before one at lower positions is, which
     * {@link #localHead} waits for: a writer answering the head alone could name a position its own events
     * are not below (tester 32: 21 of 120 concurrent writes did).
     */
    public long commitEndOnThisThread() {
        return commitEnd.get();
    }

    public void forgetCommitEndOnThisThread() {
        commitEnd.set(0L);
    }

    /**
     * The head as far as this node knows without asking the store: its own appends, and the last head
     * {@link #head()} read (which sees other nodes' appends too).
     */
    private long knownHead() {
        return Math.max(appender.head(), headRead.get());
    }

    MongoCollection<BsonDocument> commits() {
        return commitLog.collection();
    }

    private static TrackingToken tokenBefore(long position) {
        return position == 0 ? null : new GlobalSequenceTrackingToken(position - 1);
    }

    private static long firstPositionAfter(TrackingToken token) {
        if (token == null) {
            return 0;
        }
        if (token instanceof GlobalSequenceTrackingToken global) {
            return global.getGlobalIndex() + 1;
        }
        throw new IllegalArgumentException("The ledger tracks with GlobalSequenceTrackingToken, not " + token);
    }

    /**
     * From now on, tracking reads find nothing new: for a node stopping with its store out of reach,
     * whose event store would otherwise retry a read every 100 ms, logging each failure, until it stops.
     */
    public void endTrackingReads() {
        trackingEnded = true;
    }

    @Override
    public void close() {
        appender.close();
        try {
            headHint.recordIfAppended(appender.head());
        } catch (RuntimeException e) {
            if (!StoreErrors.closedClient(e) && !StoreErrors.outOfReach(e)) {
                throw e;
            }
            // Stopping with the store out of reach (the node may have closed its client first): the hint only saves
            // the next start a search for the head.
            LOG.info("The head was not recorded for the next start: the store is out of reach");
        }
    }

    public static class Builder extends AbstractEventStorageEngine.Builder {

        private MongoDatabase database;
        private DurabilityBarrier barrier = DurabilityBarrier.NONE;
        private LedgerSettings settings = LedgerSettings.defaults();
        private Clock clock = Clock.systemUTC();
        /** Records nothing: an empty composite registry's meters have no registry to record into. */
        private MeterRegistry meterRegistry = new CompositeMeterRegistry();
        private boolean eventSerializerSet;
        private boolean snapshotSerializerSet;

        public Builder database(MongoDatabase database) {
            this.database = database;
            return this;
        }

        public Builder durabilityBarrier(DurabilityBarrier barrier) {
            this.barrier = barrier;
            return this;
        }

        public Builder settings(LedgerSettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Where the ledger's meters go ({@link LedgerMetrics}); without one they record nothing. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            eventSerializerSet = true;
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            snapshotSerializerSet = true;
            return this;
        }

        @Override
        public Builder snapshotFilter(SnapshotFilter snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        protected void validate() {
            if (database == null) {
                throw new AxonConfigurationException("The ledger needs a MongoDatabase");
            }
            if (!eventSerializerSet || !snapshotSerializerSet) {
                // The default would be XStream; the ledger stores payloads as BSON documents from JSON trees.
                throw new AxonConfigurationException("The ledger needs JSON (Jackson) event and snapshot serializers");
            }
            super.validate();
        }

        public MongoLedgerStorageEngine build() {
            return new MongoLedgerStorageEngine(this);
        }
    }
}
