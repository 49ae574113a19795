package io.aftermath.bench;

import static io.aftermath.bench.AftermathBenchApplication.ADMIN_AUTHORIZATION;
import static io.aftermath.bench.SeededLog.BASE;
import static io.aftermath.bench.SeededLog.event;
import static io.aftermath.bench.SeededLog.publish;
import static io.aftermath.bench.SeededLog.release;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.ConfigurableApplicationContext;

import io.aftermath.query.admin.ProjectionRebuilds;
import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.triage.TriageIndex;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.ReportTicket;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.Urgency;
import reactor.core.Disposable;
import reactor.netty.resources.ConnectionProvider;

/**
 * The read side under load, in one process: the whole application on the embedded store, driven over
 * HTTP on the loopback interface. Three parts, each with its own sizes:
 * <ol>
 * <li>{@code GET /api/triage} latency with {@code tickets} open tickets ({@code requests} sequential GETs);</li>
 * <li>SSE fan-out: {@code subscribers} triage streams over {@code releases} releases while tickets are
 * reported at {@code rate}/s for {@code seconds}, open loop (each ticket has a due time, kept however
 * the ones before it fare); latency from that due time to the client receiving the update that shows
 * it, so a runner that falls behind cannot hide the wait (and says when it did);</li>
 * <li>rebuild of every projection from a log of {@code events} events, against the store's raw replay
 * rate ({@code readEvents(null, false)}) measured in the same run.</li>
 * </ol>
 * Quick run: {@code bench/run.sh QueryBench tickets=5000 requests=500 subscribers=100 releases=10 seconds=10 events=50000}.
 * {@code rebuild=} names the projections rebuilt (all five by default); {@code load=} appends that many more ticket
 * reports a second while they rebuild.
 * Seeded events are appended straight to the event store (the projections cannot tell), commands in
 * part 2 go through the command gateway. Markdown on stdout, progress on stderr.
 */
public final class QueryBench {

    /** A send this much after its due time is the runner falling behind, not the node. */
    private static final long LATE_SEND = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long tickets are reported with no rebuild running, as the reference for those reported during one. */
    private static final long REFERENCE_SECONDS = 10;

    private final ConfigurableApplicationContext app;
    private final String baseUrl;
    private final EventStore events;
    private final MongoLedgerStorageEngine engine;
    private final ProjectionProgress progress;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final StringBuilder report = new StringBuilder();

    private QueryBench(ConfigurableApplicationContext app) {
        this.app = app;
        this.baseUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        this.events = app.getBean(EventStore.class);
        this.engine = app.getBean(MongoLedgerStorageEngine.class);
        this.progress = app.getBean(ProjectionProgress.class);
    }

    /** {@code key=value} arguments. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        return options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int tickets = Integer.parseInt(options.getOrDefault("tickets", "100000"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "5000"));
        int subscribers = Integer.parseInt(options.getOrDefault("subscribers", "1000"));
        int releases = Integer.parseInt(options.getOrDefault("releases", "100"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "200"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int logSize = Integer.parseInt(options.getOrDefault("events", "1000000"));
        String backend = options.getOrDefault("backend", "memory");
        // The app's own setting (off) unless given: true measures what its handler timeouts would cost.
        String axonTimeouts = options.get("axonTimeouts");
        List<String> rebuilt = List.of(options.getOrDefault("rebuild", String.join(",", ProjectionNames.ALL)).split(","));
        int load = Integer.parseInt(options.getOrDefault("load", "0"));
        // Resources close in reverse: the application lets go of its store before the directory goes.
        try (WorkDirectory workDir = WorkDirectory.create("aftermath-querybench");
             ConfigurableApplicationContext app = AftermathBenchApplication.start(AftermathBenchApplication.withAdmin(
                     "aftermath.data-dir=" + workDir.path(), "aftermath.mongo.embedded.backend=" + backend,
                     axonTimeouts == null ? "" : "axon.timeout.enabled=" + axonTimeouts))) {
            QueryBench bench = new QueryBench(app);
            bench.line("# QueryBench (" + backend + " backend, " + Runtime.getRuntime().availableProcessors()
                    + " cores, axon.timeout.enabled=" + app.getEnvironment().getProperty("axon.timeout.enabled")
                    + ")\n");
            bench.triage(tickets, requests);
            bench.fanOut(subscribers, releases, rate, seconds);
            bench.rebuild(logSize, rebuilt, load);
            System.out.println(bench.report);
        }
        // Axon's unit-of-work janitor (axon.timeout.enabled) is not a daemon thread and outlives the
        // context: without this the process stayed up, idle, after printing its report.
        System.exit(0);
    }

    private void triage(int tickets, int requests) throws Exception {
        progress("seeding " + tickets + " open tickets");
        int releases = Math.max(1, tickets / 1000);
        List<EventMessage<?>> batch = new ArrayList<>();
        for (int r = 0; r < releases; r++) {
            batch.add(release("triage-" + r + "@1.0", 0));
        }
        publish(events, batch);
        for (int i = 0; i < tickets; i++) {
            String ticket = "open-" + i;
            String release = "triage-" + (i % releases) + "@1.0";
            batch.add(event("Ticket", ticket, 0, new TicketReported(ticket, release, "Problem " + i, "Details",
                    null, null, "reporter", BASE.plusSeconds(i))));
            if (i % 4 != 0) {
                Severity severity = Severity.values()[i % 4];
                Urgency urgency = Urgency.values()[i % 3];
                batch.add(event("Ticket", ticket, 1, new TicketPrioritised(ticket, severity, urgency,
                        Priority.of(severity, urgency), null, "bench", "triager", BASE.plusSeconds(i + 60))));
            }
            if (batch.size() >= 1000) {
                publish(events, batch);
            }
        }
        publish(events, batch);
        long start = System.nanoTime();
        awaitCaughtUp(() -> app.getBean(TriageIndex.class).position(), Duration.ofMinutes(30));
        progress("triage caught up with " + engine.head() + " events in " + seconds(start) + " s");
        // Measured once every projection is idle, so the GETs do not compete with catching up.
        for (String name : ProjectionNames.ALL) {
            awaitCaughtUp(() -> progress.processedNow(name), Duration.ofMinutes(30));
        }
        progress("all projections caught up in " + seconds(start) + " s");

        String release = "triage-0@1.0";
        Stats all = measure("/api/triage?limit=50", requests);
        Stats one = measure("/api/triage?releaseId=" + release + "&limit=50", requests);
        Stats single = measure("/api/triage?limit=1", requests);
        // Filters test every open ticket to count the matches: one in twelve is a P1, none is sam's (the walk alone).
        Stats p1 = measure("/api/triage?priority=P1&limit=50", requests);
        Stats nobody = measure("/api/triage?assignee=sam&limit=50", requests);
        Stats deepest = measure("/api/triage?limit=50&offset=10000", requests);
        Stats ticket = measure("/api/tickets/open-1", requests);
        line("## GET /api/triage with " + tickets + " open tickets (" + requests + " sequential requests)\n");
        line("| query | p50 ms | p99 ms | max ms |");
        line("|---|---|---|---|");
        line(String.format("| all releases, limit 50 | %.2f | %.2f | %.2f |", all.p50(), all.p99(), all.max()));
        line(String.format("| one release, limit 50 | %.2f | %.2f | %.2f |", one.p50(), one.p99(), one.max()));
        line(String.format("| all releases, limit 1 (HTTP, auth and query bus alone) | %.2f | %.2f | %.2f |",
                single.p50(), single.p99(), single.max()));
        line(String.format("| all releases, priority=P1, limit 50 | %.2f | %.2f | %.2f |", p1.p50(), p1.p99(), p1.max()));
        line(String.format("| all releases, assignee=sam (matches none), limit 50 | %.2f | %.2f | %.2f |",
                nobody.p50(), nobody.p99(), nobody.max()));
        line(String.format("| all releases, limit 50, offset 10000 (the deepest page) | %.2f | %.2f | %.2f |",
                deepest.p50(), deepest.p99(), deepest.max()));
        line(String.format("| for comparison: GET /api/tickets/{id} (MongoDB key lookup) | %.2f | %.2f | %.2f |%n",
                ticket.p50(), ticket.p99(), ticket.max()));
        reloads(app.getBean(TriageIndex.class), tickets);
    }

    /**
     * The triage index loads every open ticket again when the generation it serves changes (a rebuild's switch):
     * how long reads of the triage queue past its position wait then (loaded here on the runner's thread).
     */
    private void reloads(TriageIndex index, int tickets) {
        long[] nanos = new long[5];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            index.reload();
            nanos[i] = System.nanoTime() - start;
        }
        Stats stats = Stats.ofNanos(nanos);
        line("Reloading the triage index (" + tickets + " open tickets), as after a rebuild's switch, 5 times:\n");
        line("| p50 ms | max ms |");
        line("|---|---|");
        line(String.format("| %.1f | %.1f |%n", stats.p50(), stats.max()));
    }

    private Stats measure(String path, int requests) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", ADMIN_AUTHORIZATION).GET()
                .build();
        for (int i = 0; i < Math.min(500, requests); i++) {
            send(request);
        }
        long[] samples = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            send(request);
            samples[i] = System.nanoTime() - start;
        }
        return Stats.ofNanos(samples);
    }

    private void send(HttpRequest request) throws Exception {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
        }
    }

    private void fanOut(int subscribers, int releases, int rate, int seconds) throws Exception {
        progress("fan-out: " + subscribers + " subscribers over " + releases + " releases");
        List<EventMessage<?>> batch = new ArrayList<>();
        for (int r = 0; r < releases; r++) {
            batch.add(release("fan-" + r + "@1.0", 0));
        }
        publish(events, batch);
        awaitCaughtUp(() -> progress.served(ProjectionNames.TRIAGE), Duration.ofMinutes(5));
        // A triage stream of a release without open tickets asks the timelines whether it exists: 404 until then.
        awaitCaughtUp(() -> progress.served(ProjectionNames.TIMELINES), Duration.ofMinutes(5));

        ConnectionProvider connections = ConnectionProvider.builder("sse").maxConnections(subscribers + 10)
                .pendingAcquireMaxCount(-1).build();
        reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create(connections)
                .baseUrl(baseUrl).headers(headers -> headers.add("Authorization", ADMIN_AUTHORIZATION));
        Map<String, Long> scheduledAt = new ConcurrentHashMap<>();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> ackedAt = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> fromSent = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> afterAck = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> late = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> handled = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> headAtAck = new ConcurrentHashMap<>();
        TriageIndex index = app.getBean(TriageIndex.class);
        List<long[]> progressSamples = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        // What the live loop last saw the projection serve, and what the triage index holds, every 5 ms.
        sampler.scheduleAtFixedRate(() -> progressSamples.add(new long[] {System.nanoTime(),
                progress.served(ProjectionNames.TRIAGE), index.position()}), 0, 5, TimeUnit.MILLISECONDS);
        CountDownLatch snapshots = new CountDownLatch(subscribers);
        AtomicInteger reconnects = new AtomicInteger();
        List<Disposable> streams = new ArrayList<>();
        for (int s = 0; s < subscribers; s++) {
            String release = "fan-" + (s % releases) + "@1.0";
            String[] lastFirst = {null};
            streams.add(SseReader.events(client, "/api/triage/stream?releaseId=" + release + "&limit=10")
                    .subscribe(event -> {
                        long now = System.nanoTime();
                        if ("snapshot".equals(event.name())) {
                            snapshots.countDown();
                        } else if ("reconnect".equals(event.name())) {
                            reconnects.incrementAndGet();
                        } else if ("update".equals(event.name()) && event.data() != null) {
                            String first = firstTicket(event.data());
                            if (first != null && !first.equals(lastFirst[0])) {
                                lastFirst[0] = first;
                                Long scheduled = scheduledAt.get(first);
                                if (scheduled != null) {
                                    latencies.add(now - scheduled);
                                }
                                Long sent = sentAt.get(first);
                                if (sent != null) {
                                    fromSent.add(now - sent);
                                }
                                Long acked = ackedAt.get(first);
                                if (acked != null) {
                                    afterAck.add(now - acked);
                                }
                            }
                        }
                    }, error -> progress("stream failed: " + error)));
        }
        if (!snapshots.await(2, TimeUnit.MINUTES)) {
            progress("only " + (subscribers - snapshots.getCount()) + " streams started");
        }
        CommandGateway commands = app.getBean(CommandGateway.class);
        // Open loop: ticket i is due at start + i / rate whatever became of the ones before it, and its latency
        // counts from then. The command bus runs a handler on the sending thread, so a sender is held for the
        // whole command: a second's worth of the rate in senders leaves one free unless commands take longer.
        int senderThreads = Math.max(64, rate);
        ThreadPoolExecutor senders = new ThreadPoolExecutor(senderThreads, senderThreads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>());
        senders.prestartAllCoreThreads();
        long interval = 1_000_000_000L / rate;
        int total = rate * seconds;
        progress("sending " + total + " tickets at " + rate + "/s to " + (subscribers - snapshots.getCount())
                + " streams");
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            String ticket = "fan-t" + i;
            String release = "fan-" + (i % releases) + "@1.0";
            scheduledAt.put(ticket, due);
            // Reported "earlier" than every ticket before it, so it goes to the top of its queue.
            Instant at = BASE.minusSeconds(i);
            senders.execute(() -> {
                long sent = System.nanoTime();
                sentAt.put(ticket, sent);
                commands.sendAndWait(new ReportTicket(ticket, release, "Fan-out", "Details", null, null, "reporter",
                        at));
                long acked = System.nanoTime();
                ackedAt.put(ticket, acked);
                // The node's own appends are the log here; reading the head from the store cost the node a query.
                headAtAck.put(ticket, engine.localHead());
                late.add(sent - due);
                handled.add(acked - sent);
            });
        }
        senders.shutdown();
        senders.awaitTermination(1, TimeUnit.MINUTES);
        long sending = System.nanoTime() - start;
        long expected = (long) total * subscribers / releases;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (latencies.size() < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        streams.forEach(Disposable::dispose);
        sampler.shutdown();
        List<Long> projected = new ArrayList<>();
        List<Long> indexed = new ArrayList<>();
        long[][] seen;
        synchronized (progressSamples) {
            seen = progressSamples.toArray(new long[0][]);
        }
        ackedAt.forEach((ticket, acked) -> {
            long head = headAtAck.get(ticket);
            Long servedAt = firstAt(seen, 1, head, acked);
            Long indexedAt = firstAt(seen, 2, head, acked);
            if (servedAt != null) {
                projected.add(servedAt - acked);
            }
            if (indexedAt != null) {
                indexed.add(indexedAt - acked);
            }
        });
        connections.disposeLater().block(Duration.ofSeconds(10));
        long[] samples;
        synchronized (latencies) {
            samples = latencies.stream().mapToLong(Long::longValue).toArray();
        }
        line("## SSE fan-out: " + subscribers + " triage streams over " + releases + " releases, " + total
                + " tickets reported at " + String.format("%.0f", total / (sending / 1e9)) + "/s\n");
        if (samples.length == 0) {
            line("No deliveries measured.\n");
            return;
        }
        Stats stats = Stats.ofNanos(samples);
        line("| new tickets seen by subscribers (of " + expected + ") | reconnects | p50 ms | p99 ms | max ms |");
        line("|---|---|---|---|---|");
        line(String.format("| %d | %d | %.1f | %.1f | %.1f |%n", samples.length, reconnects.get(),
                stats.p50(), stats.p99(), stats.max()));
        line("Latency: from the time the ticket was due to be sent (open loop at the rate, whether or not the one "
                + "before it was answered) to the client receiving the update whose first item is that ticket. "
                + "Updates are coalesced per live tick, so a ticket overtaken within one tick is never first and "
                + "not counted.\n");
        long[] lateness;
        synchronized (late) {
            lateness = late.stream().mapToLong(Long::longValue).toArray();
        }
        long lateSends = java.util.Arrays.stream(lateness).filter(nanos -> nanos > LATE_SEND).count();
        if (lateSends > 0) {
            line(String.format("**The runner could not keep the rate: %d of %d sends went out more than %d ms after "
                    + "they were due** (latest %.1f ms; %d senders). Their lateness is in the latency above; the node's "
                    + "own part is the sent-to-received row below.%n", lateSends, lateness.length,
                    TimeUnit.NANOSECONDS.toMillis(LATE_SEND), java.util.Arrays.stream(lateness).max().orElse(0) / 1e6,
                    senderThreads));
        } else {
            line(String.format("Every send went out within %d ms of its due time (%d senders).%n",
                    TimeUnit.NANOSECONDS.toMillis(LATE_SEND), senderThreads));
        }
        line("Where it goes: the runner's scheduler wakes and hands the ticket to a free sender, the command "
                + "gateway handles it (the append included), then the update travels through projection, index, "
                + "stream and the in-process client.\n");
        line("| part | p50 ms | p99 ms | max ms |");
        line("|---|---|---|---|");
        part("due to sent (the runner)", late);
        part("command handled (sendAndWait)", handled);
        part("sent to received (the node and the client)", fromSent);
        part("acknowledged to received", afterAck);
        part("acknowledged to the projection serving it (5 ms samples, the head read after the ack)", projected);
        part("acknowledged to the triage index holding it (same samples)", indexed);
        line("");
    }

    private void rebuild(int logSize, List<String> rebuilt, int load) throws Exception {
        long head = engine.head();
        progress("topping the log up from " + head + " to " + logSize + " events");
        SeededLog.topUp(events, head, logSize);
        long start = System.nanoTime();
        for (String name : ProjectionNames.ALL) {
            awaitCaughtUp(() -> progress.processedNow(name), Duration.ofHours(2));
        }
        progress("projections caught up live in " + seconds(start) + " s; log head " + engine.head());

        long size = engine.head();
        start = System.nanoTime();
        long raw;
        try (Stream<? extends org.axonframework.eventhandling.TrackedEventData<?>> stream = readAll()) {
            raw = stream.count();
        }
        double rawSeconds = (System.nanoTime() - start) / 1e9;

        ProjectionRebuilds rebuilds = app.getBean(ProjectionRebuilds.class);
        CommandGateway commands = app.getBean(CommandGateway.class);
        // The reference: the same reports, paced the same, with no rebuild running, in this run.
        List<Long> unrebuilt = new ArrayList<>();
        start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(REFERENCE_SECONDS)) {
            unrebuilt.add(reportedUntilRead(commands, "before-rebuild-" + unrebuilt.size()));
            TimeUnit.MILLISECONDS.sleep(50);
        }
        Map<String, Double> done = new ConcurrentHashMap<>();
        Map<String, Double> beginMillis = new HashMap<>();
        List<Long> readable = new ArrayList<>();
        Thread background = backgroundReports(load);
        start = System.nanoTime();
        for (String name : rebuilt) {
            long asked = System.nanoTime();
            rebuilds.rebuild(name);
            // What the request answering 202 waits for.
            beginMillis.put(name, (System.nanoTime() - asked) / 1e6);
        }
        while (done.size() < rebuilt.size()) {
            for (String name : rebuilt) {
                if (!done.containsKey(name) && !progress.rebuilding(name) && progress.processedNow(name) >= size) {
                    done.put(name, (System.nanoTime() - start) / 1e9);
                }
            }
            if (done.size() < rebuilt.size()) {
                readable.add(reportedUntilRead(commands, "during-rebuild-" + readable.size()));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        background.interrupt();
        background.join();
        double rebuildSeconds = done.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double rawRate = raw / rawSeconds;
        double rebuildRate = size / rebuildSeconds;
        line("## Rebuild of all projections from a " + size + "-event log\n");
        line("| what | seconds | events/s | begun in ms |");
        line("|---|---|---|---|");
        line(String.format("| raw replay, readEvents(null, false), %d events | %.1f | %.0f | |", raw, rawSeconds,
                rawRate));
        for (String name : rebuilt) {
            line(String.format("| rebuild %s | %.1f | %.0f | %.1f |", name,
                    done.get(name), size / done.get(name), beginMillis.get(name)));
        }
        line(String.format("| **all %d, wall clock** | %.1f | %.0f (%.1f%% of raw replay) | |%n", rebuilt.size(), rebuildSeconds,
                rebuildRate, 100 * rebuildRate / rawRate));
        line("Tickets reported one at a time, 50 ms apart, before and while " + rebuilt + " were rebuilt, from the command's send until "
                + "both read models served it (what a read with `after` waits for):\n");
        line("| part | p50 ms | p99 ms | max ms |");
        line("|---|---|---|---|");
        part(unrebuilt.size() + " tickets reported before it, no rebuild running (the reference)", unrebuilt);
        part(readable.size() + " tickets reported during the rebuild", readable);
        if (!unrebuilt.isEmpty() && !readable.isEmpty()) {
            Stats reference = Stats.ofNanos(unrebuilt.stream().mapToLong(Long::longValue).toArray());
            Stats during = Stats.ofNanos(readable.stream().mapToLong(Long::longValue).toArray());
            line(String.format("%nDuring the rebuild against the reference: p50 %.1f×, p99 %.1f×%n",
                    during.p50() / reference.p50(), during.p99() / reference.p99()));
        }
    }

    /**
     * While the rebuilds run, {@code perSecond} more ticket reports a second appended straight to the log, a tenth
     * of them every 100 ms, so the live processors move on as they do under writes (the switch holds them).
     */
    private Thread backgroundReports(int perSecond) {
        Thread thread = new Thread(() -> {
            List<EventMessage<?>> batch = new ArrayList<>();
            int reported = 0;
            try {
                while (perSecond > 0) {
                    for (int i = 0; i < Math.max(1, perSecond / 10); i++, reported++) {
                        String ticket = "load-" + reported;
                        batch.add(event("Ticket", ticket, 0, new TicketReported(ticket, "rebuild-0@1.0", "Load",
                                "Details", null, null, "reporter", Instant.now())));
                    }
                    publish(events, batch);
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            } catch (InterruptedException stopped) {
                progress(reported + " background reports appended during the rebuild");
            }
        }, "bench-background-reports");
        thread.start();
        return thread;
    }

    /** Reports a ticket and waits until the tickets and triage read models serve it; nanoseconds from the send. */
    private long reportedUntilRead(CommandGateway commands, String ticketId) throws InterruptedException {
        long sent = System.nanoTime();
        commands.sendAndWait(new ReportTicket(ticketId, "rebuild-0@1.0", "During the rebuild", "Details",
                null, null, "reporter", Instant.now()));
        long position = engine.localHead();
        while (progress.served(ProjectionNames.TICKETS) < position || progress.served(ProjectionNames.TRIAGE) < position) {
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return System.nanoTime() - sent;
    }

    @SuppressWarnings("unchecked")
    private Stream<? extends org.axonframework.eventhandling.TrackedEventData<?>> readAll() {
        return (Stream<? extends org.axonframework.eventhandling.TrackedEventData<?>>) (Stream<?>) engine
                .readEvents(null, false);
    }

    private void awaitCaughtUp(java.util.function.LongSupplier position, Duration timeout) throws Exception {
        long target = engine.head();
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicLong last = new AtomicLong(-1);
        while (position.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Not caught up: " + position.getAsLong() + " of " + target);
            }
            long now = position.getAsLong();
            if (now / 50_000 != last.getAndSet(now) / 50_000) {
                progress("  at " + now + " of " + target);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** The time of the first sample at or after {@code from} whose column reached {@code position}. */
    private static Long firstAt(long[][] samples, int column, long position, long from) {
        for (long[] sample : samples) {
            if (sample[0] >= from && sample[column] >= position) {
                return sample[0];
            }
        }
        return null;
    }

    private void part(String name, List<Long> nanos) {
        long[] samples;
        synchronized (nanos) {
            samples = nanos.stream().mapToLong(Long::longValue).toArray();
        }
        if (samples.length > 0) {
            Stats stats = Stats.ofNanos(samples);
            line(String.format("| %s | %.1f | %.1f | %.1f |", name, stats.p50(), stats.p99(), stats.max()));
        }
    }

    private static String firstTicket(String json) {
        int at = json.indexOf("\"ticketId\":\"");
        if (at < 0) {
            return null;
        }
        int from = at + 12;
        return json.substring(from, json.indexOf('"', from));
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    private void line(String text) {
        report.append(text).append('\n');
    }

    /** Stamped with the wall clock, so that a GC log or a JFR recording can be read against the runner's phases. */
    private static void progress(String message) {
        System.err.println("[QueryBench " + java.time.LocalTime.now() + "] " + message);
    }
}
