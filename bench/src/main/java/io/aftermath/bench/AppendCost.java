package io.aftermath.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;

/**
 * What one append costs next to one raw {@code insertOne}, and how busy each keeps the cores: rounds
 * alternate the ledger and raw inserts on one embedded server (the side that goes first alternates
 * too), and every round reports both sides' rates, CPU per operation, the kernel's share of that CPU
 * and the cores kept busy. {@link LedgerBench} measures the ratio on a fresh server per cell in passes
 * of 100,000; this runner measures it in many short rounds on one server, so the two methods can be
 * set beside each other, and it shows whether a slower side spent more CPU or waited more.
 *
 * <p>Arguments (all optional): {@code backend=memory writers=4 ops=40000 rounds=12 warm=2 side=both}.
 * {@code side=ledger} or {@code side=raw} runs one side only, for a profiler or {@code perf stat}
 * attached to the process to count what that side alone does.
 */
public final class AppendCost {

    private final Backend backend;
    private final int writers;
    private final int ops;
    private final int rounds;
    private final int warmRounds;
    private final String side;

    private AppendCost(BenchArguments arguments) {
        this.backend = Backend.valueOf(arguments.value("backend", "memory").toUpperCase(Locale.ROOT));
        this.writers = arguments.integer("writers", 4);
        this.ops = arguments.integer("ops", 40_000);
        this.rounds = arguments.integer("rounds", 12);
        this.warmRounds = arguments.integer("warm", 2);
        this.side = arguments.value("side", "both");
    }

    public static void main(String[] args) throws Exception {
        new AppendCost(new BenchArguments(args)).run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "Append cost, %s backend, %d writers, %,d operations a side per round, rounds "
                + "%d–%d measured (%d cores, Java %s)%n%n", backend.name().toLowerCase(Locale.ROOT), writers, ops,
                warmRounds + 1, rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| round | first | ledger events/s | raw docs/s | ledger / raw | ledger CPU µs/event "
                + "(kernel) | raw CPU µs/doc (kernel) | cores busy, ledger / raw |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<Concurrently.Run> ledgerRuns = new ArrayList<>();
        List<Concurrently.Run> rawRuns = new ArrayList<>();
        try (LedgerUnderTest store = new LedgerUnderTest(backend, Files.createTempDirectory("append-cost"),
                "append_cost")) {
            store.append(BenchEvent.message("first", 0));
            for (int round = 1; round <= rounds; round++) {
                boolean ledgerFirst = round % 2 == 1;
                Concurrently.Run ledger = null;
                Concurrently.Run raw = null;
                if (ledgerFirst) {
                    ledger = ledgerRound(store, round);
                    raw = rawRound(store);
                } else {
                    raw = rawRound(store);
                    ledger = ledgerRound(store, round);
                }
                String first = !side.equals("both") ? "–" : ledgerFirst ? "ledger" : "raw";
                System.out.println(row(Integer.toString(round), first, ledger, raw));
                if (round > warmRounds) {
                    ledgerRuns.add(ledger);
                    rawRuns.add(raw);
                }
            }
        }
        System.out.println(medians(ledgerRuns, rawRuns));
    }

    private Concurrently.Run ledgerRound(LedgerUnderTest store, int round) throws Exception {
        return side.equals("raw") ? null : store.appends(writers, ops, "r" + round);
    }

    private Concurrently.Run rawRound(LedgerUnderTest store) throws Exception {
        return side.equals("ledger") ? null : store.rawInserts(writers, ops);
    }

    private static String row(String round, String first, Concurrently.Run ledger, Concurrently.Run raw) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s / %s |", round, first,
                rate(ledger), rate(raw), ledger == null || raw == null ? "–"
                        : String.format(Locale.ROOT, "%.2f×", ledger.opsPerSecond() / raw.opsPerSecond()),
                cpu(ledger), cpu(raw), cores(ledger), cores(raw));
    }

    /** The median of every column over the measured rounds; the ratio is the median of the rounds' ratios. */
    private static String medians(List<Concurrently.Run> ledger, List<Concurrently.Run> raw) {
        if (ledger.isEmpty()) {
            return "";
        }
        Concurrently.Run ledgerMedian = median(ledger);
        Concurrently.Run rawMedian = median(raw);
        String row = row("median", "", ledgerMedian, rawMedian);
        if (ledgerMedian != null && rawMedian != null) {
            List<Double> ledgerRates = ledger.stream().map(Concurrently.Run::opsPerSecond).toList();
            List<Double> rawRates = raw.stream().map(Concurrently.Run::opsPerSecond).toList();
            long atOrAbove = IntStream.range(0, ledger.size())
                    .filter(round -> ledgerRates.get(round) >= rawRates.get(round)).count();
            row = row.replaceFirst("\\| [0-9.]+× \\|", String.format(Locale.ROOT, "| **%.2f×** (%d of %d rounds "
                    + "≥ 1.0×) |", Medians.ofRatios(ledgerRates, rawRates), atOrAbove, ledger.size()));
        }
        return row;
    }

    private static Concurrently.Run median(List<Concurrently.Run> runs) {
        if (runs.contains(null)) {
            return null;
        }
        return new Concurrently.Run(median(runs, Concurrently.Run::opsPerSecond),
                median(runs, Concurrently.Run::callerMicros), median(runs, Concurrently.Run::restMicros),
                median(runs, Concurrently.Run::callerKilobytes), 0, 0, median(runs, Concurrently.Run::kernelShare));
    }

    private static double median(List<Concurrently.Run> runs, java.util.function.ToDoubleFunction<Concurrently.Run> of) {
        return Medians.of(runs.stream().map(of::applyAsDouble).toList());
    }

    private static String rate(Concurrently.Run run) {
        return run == null ? "–" : String.format(Locale.ROOT, "%,.0f", run.opsPerSecond());
    }

    private static String cpu(Concurrently.Run run) {
        return run == null ? "–" : String.format(Locale.ROOT, "%.1f (%.0f %%)", run.callerMicros() + run.restMicros(),
                run.kernelShare() * 100);
    }

    private static String cores(Concurrently.Run run) {
        return run == null ? "–" : String.format(Locale.ROOT, "%.2f", run.coresBusy());
    }
}
