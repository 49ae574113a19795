package io.aftermath.bench;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.BsonValue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Primary;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.ticket.TicketReported;

/**
 * MongoDB commands per processed event at a steady trickle, counted per thread with a driver
 * {@link CommandListener} on the node's own client: {@code ProjectionCommands events=500 rate=200}.
 * Each tracking processor runs on a thread named {@code EventProcessor[<name>]-0}, so its row is what that
 * projection asked the store for (the prefetch, its documents, its token), by command and collection;
 * its {@code update tokens} count is its batches plus its claim extensions, less the tokens that waited for
 * {@code aftermath.query.processors.token-interval}, which the {@code aftermath-token-writes} row counts.
 */
public final class ProjectionCommands {

    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<String, Map<String, LongAdder>> COMMANDS = new ConcurrentHashMap<>();

    private ProjectionCommands() {
    }

    /** The node's client, listened to: every store command the node sends, by thread and command name. */
    @Configuration(proxyBeanMethods = false)
    static class Listening {

        @Bean(destroyMethod = "close")
        @Primary
        @DependsOn("embeddedMongo")
        MongoClient listeningMongoClient(@Value("${aftermath.mongo.embedded.port}") int port) {
            CommandListener listener = new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    COMMANDS.computeIfAbsent(Thread.currentThread().getName(), t -> new ConcurrentHashMap<>())
                            .computeIfAbsent(event.getCommandName() + " " + collection(event), c -> new LongAdder())
                            .increment();
                }
            };
            return MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                    .applicationName("aftermath").addCommandListener(listener).build());
        }
    }

    /** The collection a command names first ({@code {update: "tokens", ...}}), if it names one. */
    private static String collection(CommandStartedEvent event) {
        BsonValue target = event.getCommand().get(event.getCommandName());
        return target != null && target.isString() ? target.asString().getValue() : "";
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = QueryBench.options(args);
        int events = Integer.parseInt(options.getOrDefault("events", "500"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "200"));
        String extra = options.getOrDefault("property", "");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (WorkDirectory workDir = WorkDirectory.create("aftermath-projectioncommands");
             ConfigurableApplicationContext app = AftermathBenchApplication.start(
                     new Class<?>[] {AftermathBenchApplication.class, Listening.class},
                     "aftermath.data-dir=" + workDir.path(), "aftermath.mongo.embedded.backend=memory",
                     "aftermath.mongo.embedded.port=" + port, extra)) {
            EventStore store = app.getBean(EventStore.class);
            MongoLedgerStorageEngine engine = app.getBean(MongoLedgerStorageEngine.class);
            ProjectionProgress progress = app.getBean(ProjectionProgress.class);
            store.publish(new GenericDomainEventMessage<>("Release", "trickle@1.0", 0,
                    new ReleaseRegistered("trickle@1.0", "trickle", "1.0", BASE, null, null, "deployer", BASE)));
            trickle(store, "warm-", 100, rate);
            awaitCaughtUp(engine, progress);
            COMMANDS.clear();

            trickle(store, "ticket-", events, rate);
            awaitCaughtUp(engine, progress);

            System.out.printf("# ProjectionCommands events=%d rate=%d %s%n%n", events, rate, extra);
            System.out.println("| thread | commands | per event | by command |");
            System.out.println("|---|---|---|---|");
            new TreeMap<>(COMMANDS).forEach((thread, byName) -> {
                long total = byName.values().stream().mapToLong(LongAdder::sum).sum();
                Map<String, Long> sorted = new TreeMap<>();
                byName.forEach((name, count) -> sorted.put(name, count.sum()));
                System.out.printf("| %s | %d | %.2f | %s |%n", thread, total, (double) total / events, sorted);
            });
        }
        System.exit(0);
    }

    /** One event every 1/rate seconds, each appended alone, as live reports arrive. */
    private static void trickle(EventStore store, String prefix, int count, int rate) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long due = System.nanoTime();
        for (int i = 0; i < count; i++) {
            LockSupport.parkNanos(due - System.nanoTime());
            String ticket = prefix + i;
            store.publish(new GenericDomainEventMessage<>("Ticket", ticket, 0, new TicketReported(ticket,
                    "trickle@1.0", "Problem " + i, "Details", null, null, "reporter", BASE.plusSeconds(i))));
            due += interval;
        }
    }

    private static void awaitCaughtUp(MongoLedgerStorageEngine engine, ProjectionProgress progress)
            throws InterruptedException {
        long head = engine.head();
        for (String name : ProjectionNames.ALL) {
            while (progress.processedNow(name) < head) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }
}
