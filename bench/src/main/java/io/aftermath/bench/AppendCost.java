package io.aftermath.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;

/**
 * What one append costs next to one raw {@code insertOne}, and how busy each keeps the cores: rounds
 * run the sides one after the other on one embedded server (the order rotating), each run on a database
 * of its own that is dropped after it ({@link LedgerUnderTest#onDatabaseOfItsOwn}), and every round
 * reports each side's rate, its ratio to raw inserts, CPU per operation, the kernel's share of that
 * CPU, the cores kept busy and the events its documents held on average. {@link LedgerBench} measures
 * the ratio on a fresh server per cell in passes of 100,000; this runner measures it in many short rounds on one server, so the two methods
 * can be set beside each other, and it shows whether a slower side spent more CPU or waited more.
 *
 * <p>Arguments (all optional): {@code backend=memory writers=4 ops=40000 rounds=12 warm=2
 * sides=ledger,raw}. The sides are {@code ledger}, {@code raw} and {@code grouped} (the driver alone
 * writing in the groups a group commit forms, {@link GroupedInserts}); one side alone suits a profiler
 * or {@code perf stat} attached to the process, to count what that side does.
 */
public final class AppendCost {

    private static final int BATCHES_IN_FLIGHT = 3;

    private final Backend backend;
    private final int writers;
    private final int ops;
    private final int rounds;
    private final int warmRounds;
    private final List<String> sides;

    private AppendCost(BenchArguments arguments) {
        this.backend = Backend.valueOf(arguments.value("backend", "memory").toUpperCase(Locale.ROOT));
        this.writers = arguments.integer("writers", 4);
        this.ops = arguments.integer("ops", 40_000);
        this.rounds = arguments.integer("rounds", 12);
        this.warmRounds = arguments.integer("warm", 2);
        this.sides = arguments.strings("sides", "ledger,raw");
    }

    public static void main(String[] args) throws Exception {
        new AppendCost(new BenchArguments(args)).run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "Append cost, %s backend, %d writers, %,d operations a side per round, rounds "
                + "%d–%d measured (%d cores, Java %s)%n%n", backend.name().toLowerCase(Locale.ROOT), writers, ops,
                warmRounds + 1, rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| round | side | operations/s | / raw | CPU µs per operation (kernel) | cores busy | "
                + "collections (ms) | events per document |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        Map<String, List<SideRun>> measured = new LinkedHashMap<>();
        sides.forEach(side -> measured.put(side, new ArrayList<>()));
        try (WorkDirectory workDir = WorkDirectory.create("append-cost");
             LedgerUnderTest store = new LedgerUnderTest(backend, workDir.path(), "append_cost")) {
            store.append(BenchEvent.message("first", 0));
            for (int round = 1; round <= rounds; round++) {
                Map<String, SideRun> runs = new LinkedHashMap<>();
                for (int i = 0; i < sides.size(); i++) {
                    String side = sides.get((i + round) % sides.size());
                    runs.put(side, run(store, side, round));
                }
                Concurrently.Run raw = runs.containsKey("raw") ? runs.get("raw").run() : null;
                for (String side : sides) {
                    System.out.println(row(Integer.toString(round), side, runs.get(side), raw));
                    if (round > warmRounds) {
                        measured.get(side).add(runs.get(side));
                    }
                }
            }
        }
        if (rounds > warmRounds) {
            for (String side : sides) {
                System.out.println(medianRow(side, measured.get(side), measured.get("raw")));
            }
        }
    }

    private SideRun run(LedgerUnderTest store, String side, int round) throws Exception {
        return store.onDatabaseOfItsOwn(side + "_" + round, ledger -> switch (side) {
            case "ledger" -> SideRun.of(ledger.appends(writers, ops, "r" + round), ledger, LedgerSchema.COMMITS, ops);
            case "raw" -> SideRun.of(ledger.rawInserts(writers, ops), ledger, LedgerUnderTest.RAW_INSERTS, ops);
            case "grouped" -> SideRun.of(GroupedInserts.run(ledger, writers, BATCHES_IN_FLIGHT, ops, "g" + round),
                    ledger, GroupedInserts.COLLECTION, ops);
            default -> throw new IllegalArgumentException("No side " + side + ": ledger, raw or grouped");
        });
    }

    /**
     * A side's run and how many events its documents held on average, counted after the clock: a
     * group commit's distance to the grouped inserts is partly how much it groups, partly its own work.
     */
    private record SideRun(Concurrently.Run run, double eventsPerDocument) {

        static SideRun of(Concurrently.Run run, LedgerUnderTest ledger, String collection, long events) {
            return new SideRun(run, ledger.eventsPerDocument(collection, events));
        }
    }

    private static String row(String round, String side, SideRun sideRun, Concurrently.Run raw) {
        Concurrently.Run run = sideRun.run();
        return String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %.1f (%.0f %%) | %.2f | %d (%d) | %.2f |", round,
                side, run.opsPerSecond(), raw == null ? "–" : String.format(Locale.ROOT, "%.2f×", run.opsPerSecond()
                        / raw.opsPerSecond()), run.callerMicros() + run.restMicros(), run.kernelShare() * 100,
                run.coresBusy(), run.collections(), run.collectionMillis(), sideRun.eventsPerDocument());
    }

    /**
     * Every column's median over the measured rounds; the ratio is the median of the rounds' ratios,
     * with how many rounds were at or above raw.
     */
    private static String medianRow(String side, List<SideRun> runs, List<SideRun> raw) {
        SideRun median = new SideRun(Concurrently.Run.medianOf(runs.stream().map(SideRun::run).toList()),
                Medians.of(runs.stream().map(SideRun::eventsPerDocument).toList()));
        String row = row("median", side, median, null);
        if (raw == null || side.equals("raw")) {
            return row;
        }
        List<Double> rates = runs.stream().map(run -> run.run().opsPerSecond()).toList();
        List<Double> rawRates = raw.stream().map(run -> run.run().opsPerSecond()).toList();
        long atOrAbove = 0;
        for (int round = 0; round < rates.size(); round++) {
            atOrAbove += rates.get(round) >= rawRates.get(round) ? 1 : 0;
        }
        return row.replace("| – |", String.format(Locale.ROOT, "| **%.2f×** (%d of %d rounds ≥ 1.0×) |",
                Medians.ofRatios(rates, rawRates), atOrAbove, rates.size()));
    }
}
