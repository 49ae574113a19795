package io.aftermath.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import io.aftermath.shared.ledger.LedgerSettings;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;

/**
 * The ledger store's benchmark: append, replay, stream-load latency and bytes on disk, each measured
 * against a reference taken in the same run (raw driver inserts and a raw sorted scan on the same
 * server) and against Axon's JDBC engine on an embedded H2 file. Appends are also measured against
 * {@link GroupedInserts}, the driver alone writing in the groups a group commit forms, which shows how
 * much of the distance to raw inserts is the pattern and how much the ledger's own work. Prints
 * Markdown for docs/benchmarks.md.
 *
 * <p>Arguments (all optional): {@code appendOps=20000 passes=3 sizes=10000,100000,1000000 loads=2000
 * backends=memory,h2 writers=1,4,16 depths=3 settledCaches=} ({@code depths}: batches in flight the
 * ledger may have, 3 being what a node on the embedded server runs and 1 what it runs on a shared
 * MongoDB; {@code settledCaches}: page-cache sizes in MB for stream loads on the reopened H2 file,
 * none by default).
 */
public final class LedgerBench {

    private static final int EVENTS_PER_AGGREGATE = 10;
    private static final int SETTLED_ROUNDS = 3;
    private static final int MIN_READ_WARM_UP_ROUNDS = 5;
    private static final int MAX_READ_WARM_UP_ROUNDS = 40;
    private static final double QUIET_JIT_SHARE = 0.02;
    private static final int MAX_APPEND_SETTLE_ROUNDS = 6;
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private final int appendOps;
    private final List<Integer> sizes;
    private final int loads;
    private final List<Backend> backends;
    private final List<Integer> writerCounts;
    private final List<Integer> depths;
    private final int passes;
    private final List<Integer> settledCaches;
    private final WorkDirectory workDir;
    private final StringBuilder report = new StringBuilder();
    private final List<String> cpuRows = new ArrayList<>();

    private LedgerBench(BenchArguments arguments) throws Exception {
        // Each young collection copies what every side stored since the last one, and 20,000 appends
        // filled about one young generation: the side allocating most set off most collections and
        // paid for the others' documents. Passes now hold several collections each.
        this.appendOps = arguments.integer("appendOps", 100_000);
        this.sizes = arguments.integers("sizes", "10000,100000,1000000");
        this.loads = arguments.integer("loads", 2_000);
        this.backends = arguments.strings("backends", "memory,h2").stream()
                .map(name -> Backend.valueOf(name.toUpperCase(Locale.ROOT))).toList();
        this.writerCounts = arguments.integers("writers", "1,4,16");
        this.depths = arguments.integers("depths", "3");
        this.passes = arguments.integer("passes", 3);
        this.settledCaches = arguments.integers("settledCaches", "");
        this.workDir = WorkDirectory.create("aftermath-bench");
    }

    public static void main(String[] args) throws Exception {
        new LedgerBench(new BenchArguments(args)).run();
    }

    private void run() throws Exception {
        try (workDir) {
            line("Machine: %d cores, Java %s, max heap %d MB", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
            warmUp();
            appendSection();
            for (Backend backend : backends) {
                logSection(backend);
            }
            peerLogSection();
            System.out.println();
            System.out.println(report);
        }
    }

    /**
     * Compiles the read and write paths before anything is measured: a replay of 10k events took a
     * fraction of a second, so without this the first sizes measured mostly the JIT at work; and on
     * two cores the compiler was still taking a quarter of the CPU a minute into appending (perf), so
     * appends (ours and the references; raw inserts, left cold before, ran faster pass after pass)
     * are warmed at every writer count the run measures, twice. Reads are warmed until the JIT goes
     * quiet: replaying a 100k-event log over and over, both the replay and the raw scan kept getting
     * faster for 10-15 rounds, while the compiler was still at work, which five rounds had cut short.
     */
    private void warmUp() throws Exception {
        try (LedgerUnderTest ledger = new LedgerUnderTest(Backend.MEMORY, null, "warmup")) {
            warmUp(ledger);
            for (int round = 0; round < 2; round++) {
                for (int writers : writerCounts) {
                    ledger.rawInserts(writers, 20_000);
                    for (int depth : depths) {
                        if (GroupedInserts.formsGroups(writers, depth)) {
                            GroupedInserts.run(ledger, writers, depth, 20_000, "warm" + round + "-" + writers + "-"
                                    + depth);
                        }
                    }
                }
            }
            warmReads("raw sorted scan", ledger::rawSortedScan);
        }
        try (JdbcPeer peer = new JdbcPeer(workDir.newDirectory("peer-warmup"))) {
            warmUp(peer);
        }
    }

    private void warmUp(StoreUnderTest store) throws Exception {
        for (int round = 0; round < 2; round++) {
            for (int writers : writerCounts) {
                store.appends(writers, 20_000, "warm" + round + "-" + writers);
            }
        }
        warmReads(store.getClass().getSimpleName() + " reads", () -> {
            store.replay(false);
            store.replay(true);
            for (int load = 0; load < 200; load++) {
                store.loadStream("warm0-" + writerCounts.get(writerCounts.size() - 1) + "-t0-a" + load % 50);
            }
        });
    }

    /**
     * Repeats a round of reads until the JIT compiled for less than {@link #QUIET_JIT_SHARE} of a
     * round's time (at least {@link #MIN_READ_WARM_UP_ROUNDS} rounds, at most
     * {@link #MAX_READ_WARM_UP_ROUNDS}), and says in the report how long that took.
     */
    private void warmReads(String what, Runnable round) throws Exception {
        int rounds = 0;
        double share;
        do {
            share = jitShareOf(round::run);
            rounds++;
        } while (rounds < MAX_READ_WARM_UP_ROUNDS && (rounds < MIN_READ_WARM_UP_ROUNDS || share >= QUIET_JIT_SHARE));
        line("Warm-up, %s: %d rounds, the JIT compiling for %.1f %% of the last one.", what, rounds, share * 100);
    }

    private void appendSection() throws Exception {
        line("");
        line("### Append: events/s, one event per commit (%d appends per pass, median of %d interleaved passes)",
                appendOps, passes);
        line("");
        line("| backend | writers | batches in flight | raw `insertOne` docs/s | ledger events/s | ledger / raw | grouped `insertMany` docs/s | grouped / raw | ledger / grouped | JDBC peer events/s | ledger / peer |");
        line("|---|---|---|---|---|---|---|---|---|---|---|");
        List<Integer> settling = new ArrayList<>();
        for (int writers : writerCounts) {
            List<Double> peerRates = new ArrayList<>();
            try (JdbcPeer jdbc = new JdbcPeer(workDir.newDirectory("peer-append"))) {
                settling.add(settle(List.of(prefix -> jdbc.appends(writers, appendOps, prefix)), "ps" + writers));
                for (int pass = 0; pass < passes; pass++) {
                    peerRates.add(jdbc.appends(writers, appendOps, "p" + writers + "-" + pass).opsPerSecond());
                }
            }
            double peer = Medians.of(peerRates);
            for (int depth : depths) {
                for (Backend backend : backends) {
                    settling.add(appendCell(backend, writers, depth, peer));
                }
            }
        }
        line("");
        line("Before its passes, every cell (and the peer at every writer count) ran unmeasured passes until the "
                + "JIT compiled for less than %.0f %% of one: %d–%d rounds.", QUIET_JIT_SHARE * 100,
                settling.stream().mapToInt(Integer::intValue).min().orElse(0),
                settling.stream().mapToInt(Integer::intValue).max().orElse(0));
        line("");
        line("### Append: CPU per event (median of the passes above)");
        line("");
        line("Calling threads: the writers' own CPU and allocation; rest of the process: the embedded server's "
                + "threads, garbage collection and the JIT, all sides sharing the same 2 cores.");
        line("");
        line("| backend | writers | side | events/s | calling threads µs | rest of the process µs | total µs | cores busy | calling threads allocate KB |");
        line("|---|---|---|---|---|---|---|---|---|");
        cpuRows.forEach(row -> line("%s", row));
    }

    /**
     * Runs unmeasured passes of every side until the JIT compiled for less than {@link #QUIET_JIT_SHARE}
     * of one (at most {@link #MAX_APPEND_SETTLE_ROUNDS}) and answers how many it took. Every cell has a
     * fresh server and client, and reads ran between cells: the compiler then took up to the whole
     * first pass of a cell, against whichever side ran in it, the ledger most.
     */
    private int settle(List<Measure> measures, String prefix) throws Exception {
        int rounds = 0;
        double share;
        do {
            String roundPrefix = prefix + "-" + rounds;
            share = jitShareOf(() -> {
                for (Measure measure : measures) {
                    measure.run(roundPrefix);
                }
            });
            rounds++;
        } while (rounds < MAX_APPEND_SETTLE_ROUNDS && share >= QUIET_JIT_SHARE);
        return rounds;
    }

    /** Does the work and answers the share of its wall-clock time the JIT spent compiling. */
    private static double jitShareOf(Work work) throws Exception {
        long compiledBefore = JIT.getTotalCompilationTime();
        long began = System.nanoTime();
        work.run();
        return (JIT.getTotalCompilationTime() - compiledBefore) / ((System.nanoTime() - began) / 1e6);
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** Measures one cell and answers how many rounds it took to settle. */
    private int appendCell(Backend backend, int writers, int depth, double peer) throws Exception {
        Path dir = workDir.newDirectory("append");
        try (LedgerUnderTest ledger = new LedgerUnderTest(backend, dir, "append_" + writers,
                LedgerSettings.soleWriter().withPipelineDepth(depth))) {
            // Each pass measures ours right next to the references, so a burst of load elsewhere on the
            // machine hits all alike; the median ratio of the passes ignores a burst that did not. The
            // order rotates, so none always inherits another's garbage and JIT work. Every run has a
            // database of its own on the cell's server, so none carries the documents of the runs before.
            ledger.append(BenchEvent.message("template", 0));
            Side ours = new Side("ledger", prefix -> ledger.onDatabaseOfItsOwn("ledger_" + prefix,
                    run -> run.appends(writers, appendOps, prefix)));
            Side raw = new Side("raw", prefix -> ledger.onDatabaseOfItsOwn("raw_" + prefix,
                    run -> run.rawInserts(writers, appendOps)));
            Side grouped = new Side("grouped", prefix -> ledger.onDatabaseOfItsOwn("grouped_" + prefix,
                    run -> GroupedInserts.run(run, writers, depth, appendOps, prefix)));
            boolean grouping = GroupedInserts.formsGroups(writers, depth);
            List<Side> sides = grouping ? List.of(ours, raw, grouped) : List.of(ours, raw);
            int settled = settle(sides.stream().map(Side::measure).toList(), "s" + writers);
            for (int pass = 0; pass < passes; pass++) {
                String prefix = "l" + writers + "-" + pass;
                for (int turn = 0; turn < sides.size(); turn++) {
                    Side side = sides.get((pass + turn) % sides.size());
                    side.jitShares.add(jitShareOf(() -> side.runs.add(side.measure.run(prefix))));
                }
                StringBuilder progress = new StringBuilder();
                for (Side side : sides) {
                    Concurrently.Run run = side.runs.get(pass);
                    progress.append(String.format(Locale.ROOT,
                            ", %s %.0f/s (JIT %.1f %%, CPU %.0f + %.0f µs, %.1f KB, %d GCs in %d ms)", side.name,
                            run.opsPerSecond(), side.jitShares.get(pass) * 100, run.callerMicros(), run.restMicros(),
                            run.callerKilobytes(), run.collections(), run.collectionMillis()));
                }
                System.err.printf("%s, %d writers, pass %d%s%n", backend, writers, pass, progress);
            }
            String groupedCells = grouping
                    ? String.format(Locale.ROOT, "%,.0f | %.2f× | %.2f×", Medians.of(grouped.rates()),
                            Medians.ofRatios(grouped.rates(), raw.rates()), Medians.ofRatios(ours.rates(), grouped.rates()))
                    : "– | – | –";
            line("| %s | %d | %d | %,.0f | %,.0f | %.2f× | %s | %,.0f | %.2f× |", backend.name().toLowerCase(), writers,
                    depth, Medians.of(raw.rates()), Medians.of(ours.rates()), Medians.ofRatios(ours.rates(), raw.rates()), groupedCells, peer,
                    Medians.of(ours.rates()) / peer);
            for (Side side : sides) {
                Concurrently.Run median = Concurrently.Run.medianOf(side.runs);
                cpuRows.add(String.format(Locale.ROOT, "| %s | %d | %s | %,.0f | %.1f | %.1f | %.1f | %.2f | %.1f |",
                        backend.name().toLowerCase(), writers, side.name, median.opsPerSecond(), median.callerMicros(),
                        median.restMicros(), median.callerMicros() + median.restMicros(), median.coresBusy(),
                        median.callerKilobytes()));
            }
            return settled;
        }
    }

    /** One side of an append pass: the ledger or a reference, with what each pass measured. */
    private record Side(String name, Measure measure, List<Concurrently.Run> runs, List<Double> jitShares) {

        Side(String name, Measure measure) {
            this(name, measure, new ArrayList<>(), new ArrayList<>());
        }

        List<Double> rates() {
            return runs.stream().map(Concurrently.Run::opsPerSecond).toList();
        }
    }

    @FunctionalInterface
    private interface Measure {
        Concurrently.Run run(String prefix) throws Exception;
    }

    private void logSection(Backend backend) throws Exception {
        line("");
        line("### Replay and stream load, %s backend (aggregates of %d events, interleaved)",
                backend.name().toLowerCase(), EVENTS_PER_AGGREGATE);
        line("");
        line("| events in log | replay events/s (lazy) | replay events/s (payloads read) | raw sorted scan events/s | replay / raw | stream load p50 ms | p99 ms | max ms |");
        line("|---|---|---|---|---|---|---|---|");
        Path dir = workDir.newDirectory("log-" + backend.name().toLowerCase());
        long events = 0;
        double bsonBytesPerEvent;
        try (LedgerUnderTest ledger = new LedgerUnderTest(backend, dir, "aftermath")) {
            for (int size : sizes) {
                fill(ledger, events, size);
                events = size;
                double lazy = medianRate(events, () -> ledger.replay(false));
                double full = medianRate(events, () -> ledger.replay(true));
                // Loads go before the raw scan: on H2 the server sorts a million decoded documents in
                // memory for it, and G1 was still clearing gigabytes of them from the old generation
                // during the loads after it (p99 5-8 ms there, 1.2-1.5 ms after our own replay).
                Stats latency = streamLoads(ledger, size / EVENTS_PER_AGGREGATE);
                double raw = medianRate(events, ledger::rawSortedScan);
                line("| %,d | %,.0f | %,.0f | %,.0f | %.2f× | %.2f | %.2f | %.2f |", size, lazy, full, raw,
                        full / raw, latency.p50(), latency.p99(), latency.max());
            }
            bsonBytesPerEvent = new RawBsonDocument(ledger.sampleCommit(), new BsonDocumentCodec())
                    .getByteBuffer().remaining();
        }
        if (backend == Backend.H2) {
            long bytes = Files.size(dir.resolve("aftermath.mv.db"));
            line("");
            line("Bytes on disk after a clean shutdown: %,d bytes for %,d events = **%.0f bytes/event**; "
                    + "one event's commit document is %.0f bytes of BSON (%.2f×).", bytes, events,
                    (double) bytes / events, bsonBytesPerEvent, bytes / (double) events / bsonBytesPerEvent);
            settledLoads(dir, (int) (events / EVENTS_PER_AGGREGATE));
        }
    }

    /**
     * Stream loads on the reopened file, once it no longer compacts what the fill left sparse, for
     * each page-cache size asked for: what a node serving a settled ledger sees.
     */
    private void settledLoads(Path dir, int aggregates) throws Exception {
        if (settledCaches.isEmpty()) {
            return;
        }
        line("");
        line("Stream loads on the reopened H2 file (%d rounds of %d loads per page-cache size):", SETTLED_ROUNDS, loads);
        line("");
        line("| page cache MB | round | p50 ms | p99 ms | max ms |");
        line("|---|---|---|---|---|");
        for (int cache : settledCaches) {
            EmbeddedMongoSettings settings = LedgerUnderTest.durableReferences(
                    new EmbeddedMongoSettings(Backend.H2, dir, 0, cache, false));
            try (LedgerUnderTest ledger = new LedgerUnderTest(settings, "aftermath")) {
                for (int round = 1; round <= SETTLED_ROUNDS; round++) {
                    Stats latency = streamLoads(ledger, aggregates);
                    line("| %d | %d | %.2f | %.2f | %.2f |", cache, round, latency.p50(), latency.p99(), latency.max());
                }
            }
        }
    }

    private void peerLogSection() throws Exception {
        line("");
        line("### Replay and stream load, JDBC peer (Axon JdbcEventStorageEngine on an H2 file)");
        line("");
        line("| events in log | replay events/s (lazy) | replay events/s (payloads read) | stream load p50 ms | p99 ms | max ms |");
        line("|---|---|---|---|---|---|");
        Path dir = workDir.newDirectory("peer-log");
        long events = 0;
        JdbcPeer peer = new JdbcPeer(dir);
        try {
            for (int size : sizes) {
                fill(peer, events, size);
                events = size;
                double lazy = medianRate(events, () -> peer.replay(false));
                double full = medianRate(events, () -> peer.replay(true));
                Stats latency = streamLoads(peer, size / EVENTS_PER_AGGREGATE);
                line("| %,d | %,.0f | %,.0f | %.2f | %.2f | %.2f |", size, lazy, full, latency.p50(), latency.p99(),
                        latency.max());
            }
        } finally {
            peer.close();
        }
        line("");
        line("JDBC peer bytes on disk after `SHUTDOWN COMPACT`: %.0f bytes/event.",
                (double) Files.size(peer.file()) / events);
    }

    /** Appends aggregates of ten events, interleaved across aggregates, until the log holds {@code to} events. */
    private static void fill(StoreUnderTest store, long from, long to) throws Exception {
        int first = (int) (from / EVENTS_PER_AGGREGATE);
        int last = (int) (to / EVENTS_PER_AGGREGATE);
        int threads = 16;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (long sequence = 0; sequence < EVENTS_PER_AGGREGATE; sequence++) {
                        for (int aggregate = first + thread; aggregate < last; aggregate += threads) {
                            store.append(BenchEvent.message("agg-" + aggregate, sequence));
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Stats streamLoads(StoreUnderTest store, int aggregates) {
        Random random = new Random(42);
        long[] samples = new long[loads];
        for (int i = 0; i < loads; i++) {
            String aggregate = "agg-" + random.nextInt(aggregates);
            long began = System.nanoTime();
            long loaded = store.loadStream(aggregate);
            samples[i] = System.nanoTime() - began;
            if (loaded != EVENTS_PER_AGGREGATE) {
                throw new IllegalStateException(aggregate + " loaded " + loaded + " events");
            }
        }
        return Stats.ofNanos(samples);
    }

    /** Median of three passes: the first pass of a size also pays for JIT and caches. */
    private static double medianRate(long expected, java.util.function.LongSupplier pass) {
        return Medians.of(List.of(rate(expected, pass), rate(expected, pass), rate(expected, pass)));
    }

    private static double rate(long expected, java.util.function.LongSupplier pass) {
        long began = System.nanoTime();
        long seen = pass.getAsLong();
        double seconds = (System.nanoTime() - began) / 1e9;
        if (seen != expected) {
            throw new IllegalStateException("expected " + expected + " but read " + seen);
        }
        return seen / seconds;
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        report.append(text).append('\n');
        System.err.println(text);
    }
}
