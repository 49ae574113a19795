package io.aftermath.bench;

import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.aftermath.shared.ledger.LedgerVerifier;
import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;

/**
 * What an online backup of the H2 store costs: a log of {@code events} is filled by four writers,
 * then one writer appends on while {@code POST /api/admin/backup}'s two steps run: the verification
 * that gives the backup its checkpoint, then the copy. Reports the time of each, the backup's size,
 * and the writer's rate in the seconds before them against its rate during each.
 *
 * <p>Arguments (all optional): {@code events=300000 before=3}.
 */
public final class BackupBench {

    private BackupBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArguments arguments = new BenchArguments(args);
        int events = arguments.integer("events", 300_000);
        int beforeSeconds = arguments.integer("before", 3);
        try (WorkDirectory workDir = WorkDirectory.create("aftermath-backup-bench");
             LedgerUnderTest ledger = new LedgerUnderTest(Backend.H2, workDir.newDirectory("store"), "aftermath")) {
            Concurrently.Run fill = ledger.appends(4, events, "fill");
            long fileBytes = Files.size(ledger.storeFile());

            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong appended = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (long sequence = 0; writing.get(); sequence++) {
                    ledger.append(BenchEvent.message("during-backup", sequence));
                    appended.incrementAndGet();
                }
            });
            TimeUnit.SECONDS.sleep(beforeSeconds);
            long appendedBefore = appended.get();
            long before = appendedBefore;
            long verifyStart = System.nanoTime();
            if (!new LedgerVerifier(ledger.database()).verifyBefore(events).intact()) {
                throw new IllegalStateException("The filled log does not verify");
            }
            double verifySeconds = (System.nanoTime() - verifyStart) / 1e9;
            long duringVerify = appended.get() - before;
            before = appended.get();
            long start = System.nanoTime();
            long backupBytes = ledger.backupTo(workDir.path().resolve("backup.zip"));
            double seconds = (System.nanoTime() - start) / 1e9;
            long during = appended.get() - before;
            writing.set(false);
            writer.get(30, TimeUnit.SECONDS);

            System.out.printf(Locale.ROOT, "| events | filled at events/s | store file MB | checkpoint s | "
                    + "checked events/s | backup MB | backup s | backup MB/s | one writer's events/s before | "
                    + "during the checkpoint | during the backup |%n|---|---|---|---|---|---|---|---|---|---|---|%n");
            System.out.printf(Locale.ROOT, "| %,d | %,.0f | %.0f | %.2f | %,.0f | %.0f | %.2f | %.1f | %,.0f | %,.0f | %,.0f |%n",
                    events, fill.opsPerSecond(), fileBytes / 1e6, verifySeconds, events / verifySeconds,
                    backupBytes / 1e6, seconds, backupBytes / 1e6 / seconds, (double) (appendedBefore) / beforeSeconds,
                    duringVerify / verifySeconds, during / seconds);
        }
    }
}
