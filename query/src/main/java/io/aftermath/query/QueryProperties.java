package io.aftermath.query;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.aftermath.shared.node.SettingRange;
import io.aftermath.shared.ticket.Priority;

/**
 * The read side's settings ({@code aftermath.query.*}); every key has a default here.
 *
 * @param sla            service-level targets, measured from the report
 * @param triage         queue sizes
 * @param stream         server-sent event streams
 * @param readYourWrites how long a read with {@code ?after=} waits for the projections
 * @param live           how often each node looks at projection progress to push updates and end waits
 * @param processors     projection processor tuning
 * @param search         the Lucene index
 * @param storeReads     the pool reads of MongoDB run on
 * @param rebuild        how much of the node rebuilds may take
 * @param staleAfter     how long a projection may leave an event this node has read from the log unprocessed before
 *                       reads of it say they are stale ({@link io.aftermath.query.progress.LogLag})
 */
@ConfigurationProperties("aftermath.query")
public record QueryProperties(@DefaultValue Sla sla,
                              @DefaultValue Triage triage,
                              @DefaultValue Stream stream,
                              @DefaultValue ReadYourWrites readYourWrites,
                              @DefaultValue Live live,
                              @DefaultValue Processors processors,
                              @DefaultValue Search search,
                              @DefaultValue StoreReads storeReads,
                              @DefaultValue Rebuild rebuild,
                              @DefaultValue("3s") Duration staleAfter) {

    public QueryProperties {
        SettingRange.positive("aftermath.query.stale-after", staleAfter);
    }

    /**
     * @param triage how soon a ticket nobody has prioritised yet is due to be (its acknowledgement): its
     *               priority is unknown, so by default P1's acknowledgement target, as it may be a P1
     */
    public record Sla(@DefaultValue Targets acknowledge, @DefaultValue Targets resolve,
                      @DefaultValue("15m") Duration triage) {

        public Sla {
            acknowledge = (acknowledge == null ? Targets.NONE : acknowledge).orDefaults(Targets.ACKNOWLEDGE);
            resolve = (resolve == null ? Targets.NONE : resolve).orDefaults(Targets.RESOLVE);
            triage = triage == null ? Targets.ACKNOWLEDGE.p1() : triage;
            SettingRange.positive("aftermath.query.sla.triage", triage);
            for (Priority priority : Priority.values()) {
                String key = priority.name().toLowerCase(Locale.ROOT);
                SettingRange.positive("aftermath.query.sla.acknowledge." + key, acknowledge.of(priority));
                SettingRange.positive("aftermath.query.sla.resolve." + key, resolve.of(priority));
            }
        }
    }

    /** One target per priority; unset ones take the architecture's defaults. */
    public record Targets(Duration p1, Duration p2, Duration p3, Duration p4) {

        static final Targets NONE = new Targets(null, null, null, null);
        static final Targets ACKNOWLEDGE = new Targets(Duration.ofMinutes(15), Duration.ofHours(1),
                Duration.ofHours(8), Duration.ofDays(3));
        static final Targets RESOLVE = new Targets(Duration.ofHours(4), Duration.ofHours(24), Duration.ofDays(5),
                Duration.ofDays(30));

        public Duration of(Priority priority) {
            return switch (priority) {
                case P1 -> p1;
                case P2 -> p2;
                case P3 -> p3;
                case P4 -> p4;
            };
        }

        Targets orDefaults(Targets defaults) {
            return new Targets(p1 != null ? p1 : defaults.p1, p2 != null ? p2 : defaults.p2,
                    p3 != null ? p3 : defaults.p3, p4 != null ? p4 : defaults.p4);
        }
    }

    public record Triage(@DefaultValue("50") int defaultLimit, @DefaultValue("1000") int maxLimit) {

        /** A default above the maximum would answer every request without {@code limit} 400. */
        public Triage {
            SettingRange.atLeast("aftermath.query.triage.max-limit", maxLimit, 1);
            SettingRange.between("aftermath.query.triage.default-limit", defaultLimit, 1, maxLimit);
        }
    }

    /**
     * @param heartbeat how often an idle stream gets a comment line, so proxies keep it open
     * @param buffer    updates queued per subscriber; one more and it gets {@code reconnect} and is closed
     * @param bufferSize what those updates may hold together (their JSON's characters): a whole timeline may
     *                   weigh megabytes, and 256 of them held for one client that stopped reading took 2 GB
     * @param maxLifetime how long a stream stays open at most (drawn from its last tenth) before it ends with
     *                    {@code reconnect}: credentials are checked only when a stream opens
     */
    public record Stream(@DefaultValue("15s") Duration heartbeat, @DefaultValue("256") int buffer,
                         @DefaultValue("16MB") DataSize bufferSize, @DefaultValue("1h") Duration maxLifetime) {

        /** A buffer of 0 would tell every client to reconnect at its first update. */
        public Stream {
            SettingRange.positive("aftermath.query.stream.heartbeat", heartbeat);
            SettingRange.atLeast("aftermath.query.stream.buffer", buffer, 1);
            SettingRange.atLeast("aftermath.query.stream.buffer-size", bufferSize.toBytes(), 1);
            // Shorter, and a stream would end about as soon as it opened, its client back 1-5 s later.
            SettingRange.atLeast("aftermath.query.stream.max-lifetime", maxLifetime, Duration.ofSeconds(1));
        }
    }

    /** @param timeout after this the read answers anyway, with {@code X-Aftermath-Stale: true} */
    public record ReadYourWrites(@DefaultValue("5s") Duration timeout) {

        /** Zero answers at once, stale if need be. */
        public ReadYourWrites {
            SettingRange.atLeast("aftermath.query.read-your-writes.timeout", timeout, Duration.ZERO);
        }
    }

    /** @param tick how often progress is read, waits are ended and stream updates pushed */
    public record Live(@DefaultValue("10ms") Duration tick) {

        public Live {
            SettingRange.positive("aftermath.query.live.tick", tick);
        }
    }

    /**
     * @param batchSize      events per processing batch (one MongoDB write per changed document per batch)
     * @param claimExtension how long a processor waits for events it handles before it records its
     *                       position anyway (and extends its claim), so other nodes see it move
     * @param tokenInterval  while events flow, how often at most a MongoDB projection writes its token (and
     *                       the checkpoint other nodes read); 0 writes it after every batch
     */
    public record Processors(@DefaultValue("200") int batchSize, @DefaultValue("1s") Duration claimExtension,
                             @DefaultValue("25ms") Duration tokenInterval) {

        public Processors {
            SettingRange.atLeast("aftermath.query.processors.batch-size", batchSize, 1);
            SettingRange.positive("aftermath.query.processors.claim-extension", claimExtension);
            SettingRange.atLeast("aftermath.query.processors.token-interval", tokenInterval, Duration.ZERO);
        }
    }

    /**
     * @param directory      where the index lives; empty means {@code <aftermath.data-dir>/search-index}
     * @param commitInterval while events flow, how often at most the processor commits the index, which makes
     *                       what it wrote searchable; 0 commits after every batch
     * @param syncInterval   while events flow, how often at most those commits reach the disk, holding the position
     *                       a restart goes on from; 0 syncs every commit
     */
    public record Search(Path directory, @DefaultValue("25ms") Duration commitInterval,
                         @DefaultValue("1s") Duration syncInterval) {

        public Search {
            SettingRange.atLeast("aftermath.query.search.commit-interval", commitInterval, Duration.ZERO);
            SettingRange.atLeast("aftermath.query.search.sync-interval", syncInterval, Duration.ZERO);
        }
    }

    /**
     * @param threads reads of MongoDB answered at once on the node
     * @param queue   reads waiting beyond those; the next is refused 503 {@code OVERLOADED}
     */
    public record StoreReads(@DefaultValue("20") int threads, @DefaultValue("1000") int queue) {

        public StoreReads {
            SettingRange.atLeast("aftermath.query.store-reads.threads", threads, 1);
            SettingRange.atLeast("aftermath.query.store-reads.queue", queue, 0);
        }
    }

    /** @param threads replayed batches applied at once on the node; more rebuilds than that take turns */
    public record Rebuild(@DefaultValue("1") int threads) {

        public Rebuild {
            SettingRange.atLeast("aftermath.query.rebuild.threads", threads, 1);
        }
    }
}
