package io.aftermath.bench;

import static io.aftermath.bench.AftermathBenchApplication.ADMIN_AUTHORIZATION;
import static io.aftermath.bench.AftermathBenchApplication.jdkTool;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * Three nodes on one machine, sharing one embedded store, while the shared projections are rebuilt under writes
 * (README, Limits: testers 93-95 saturated the store's node so). Node {@code a} (both roles, the embedded store on
 * {@code backend}) runs in this process; query nodes {@code b} and {@code c} run in JVMs of their own
 * ({@code queryHeap}) on a's store. A log of {@code events} events is seeded on a. Then tickets are reported to a at
 * {@code rate} a second, open loop, each read back on a, b or c in turn with {@code X-Aftermath-After} set to the
 * position its write answered: for {@code reference} seconds with nothing else running, then from the moment the
 * four shared projections are asked to rebuild (each of the node that runs its processor) until all four have
 * switched, or for at most {@code limit} seconds. Every {@code poll} seconds each node's
 * {@code GET /api/admin/projections} is timed. Requests give up after 30 s. Each node's share of the phase spent
 * in collection pauses is read with {@code jstat}.
 *
 * <p>Arguments: {@code events=100000 rate=25 reference=30 limit=600 poll=2 backend=h2 queryHeap=512m}; node a's
 * heap is this process's ({@code BENCH_JAVA_OPTS}).
 */
public final class ScaleOutBench {

    private static final List<String> SHARED = List.of("triage", "tickets", "releases", "timelines");
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    private static final String RELEASE = "scale@1.0.0";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(GIVE_UP).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, URI> nodes = new LinkedHashMap<>();
    private final Map<String, Long> pids = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = QueryBench.options(args);
        new ScaleOutBench().run(Integer.parseInt(options.getOrDefault("events", "100000")),
                Integer.parseInt(options.getOrDefault("rate", "25")),
                Integer.parseInt(options.getOrDefault("reference", "30")),
                Integer.parseInt(options.getOrDefault("limit", "600")),
                Integer.parseInt(options.getOrDefault("poll", "2")),
                options.getOrDefault("backend", "h2"), options.getOrDefault("queryHeap", "512m"));
    }

    private void run(int events, int rate, int reference, int limit, int poll, String backend, String queryHeap)
            throws Exception {
        int storePort = freePort();
        int aPort = freePort();
        try (WorkDirectory workDir = WorkDirectory.create("aftermath-scaleout");
             ConfigurableApplicationContext a = AftermathBenchApplication.start(AftermathBenchApplication.withAdmin(
                     "server.port=" + aPort, "aftermath.data-dir=" + workDir.path().resolve("a"),
                     "aftermath.node-id=a", "aftermath.mongo.embedded.backend=" + backend,
                     "aftermath.mongo.embedded.port=" + storePort))) {
            nodes.put("a", URI.create("http://127.0.0.1:" + aPort));
            pids.put("a", ProcessHandle.current().pid());
            MongoLedgerStorageEngine engine = a.getBean(MongoLedgerStorageEngine.class);
            progress("seeding the log up to " + events + " events");
            SeededLog.topUp(a.getBean(EventStore.class), engine.head(), events);
            post("a", "/api/releases", "{\"service\":\"scale\",\"version\":\"1.0.0\"}");
            List<Process> queryNodes = new ArrayList<>();
            try {
                for (String name : List.of("b", "c")) {
                    int port = freePort();
                    Process node = startQueryNode(name, port, storePort, workDir.path().resolve(name), queryHeap);
                    queryNodes.add(node);
                    nodes.put(name, URI.create("http://127.0.0.1:" + port));
                    pids.put(name, node.pid());
                }
                for (String name : nodes.keySet()) {
                    awaitCaughtUp(name, Duration.ofMinutes(20));
                }
                progress("three nodes caught up at " + engine.head() + " events");
                measure(rate, reference, limit, poll, events, backend);
            } finally {
                for (Process node : queryNodes) {
                    node.destroy();
                    node.waitFor(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    private void measure(int rate, int reference, int limit, int poll, int events, String backend) throws Exception {
        Phase before = new Phase("no rebuild (the reference)");
        Phase during = new Phase("while the four shared projections rebuild");
        ExecutorService senders = Executors.newCachedThreadPool();
        AtomicInteger sent = new AtomicInteger();
        Thread load = new Thread(() -> {
            long period = TimeUnit.SECONDS.toNanos(1) / rate;
            long next = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += period;
                int n = sent.getAndIncrement();
                Phase phase = during.started() ? during : before;
                senders.execute(() -> writeThenRead(n, phase));
            }
        }, "load");
        before.begin(gcSeconds());
        load.start();
        try {
            Thread.sleep(TimeUnit.SECONDS.toMillis(reference));
            Map<String, Double> gcAtSwitch = gcSeconds();
            before.end(gcAtSwitch);
            during.begin(gcAtSwitch);
            Map<String, String> rebuiltOn = askRebuilds(during);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limit);
            Map<String, Double> switchedAfter = new LinkedHashMap<>();
            while (switchedAfter.size() < SHARED.size() && System.nanoTime() < deadline) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(poll));
                for (String node : nodes.keySet()) {
                    pollStatus(node, during, rebuiltOn, switchedAfter);
                }
            }
            during.end(gcSeconds());
            stop(load, senders);
            report(events, rate, backend, before, during, rebuiltOn, switchedAfter, limit);
        } finally {
            stop(load, senders);
        }
    }

    /** Stops sending and waits for the answers still to come, so that a write timing out at the end is counted. */
    private static void stop(Thread load, ExecutorService senders) throws InterruptedException {
        load.interrupt();
        load.join();
        senders.shutdown();
        senders.awaitTermination(GIVE_UP.toSeconds() * 3, TimeUnit.SECONDS);
    }

    /** Reports a ticket to node a, then reads it back on a, b or c in turn at the position a's answer gave. */
    private void writeThenRead(int n, Phase phase) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> written = send("a", HttpRequest.newBuilder(nodes.get("a").resolve("/api/tickets"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"releaseId\":\"" + RELEASE + "\",\"title\":\"Load "
                            + n + "\",\"description\":\"Reported while projections rebuild\"}")));
            phase.writes.add(new Sample(System.nanoTime() - start, written.statusCode()));
            if (written.statusCode() != 201) {
                return;
            }
            String reader = List.copyOf(nodes.keySet()).get(n % nodes.size());
            readBack(reader, json.readTree(written.body()).path("ticketId").asText(),
                    written.headers().firstValue("X-Aftermath-Position").orElse("0"), phase);
        } catch (Exception e) {
            phase.writes.add(new Sample(System.nanoTime() - start, 0));
        }
    }

    private void readBack(String node, String ticketId, String position, Phase phase) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> read = send(node, HttpRequest.newBuilder(
                    nodes.get(node).resolve("/api/tickets/" + ticketId)).header("X-Aftermath-After", position));
            phase.readsOn(node).add(new Sample(System.nanoTime() - start, read.statusCode()));
        } catch (Exception e) {
            phase.readsOn(node).add(new Sample(System.nanoTime() - start, 0));
        }
    }

    /** Asks each node in turn to rebuild each projection: only the node running its processor takes it. */
    private Map<String, String> askRebuilds(Phase during) throws Exception {
        Map<String, String> rebuiltOn = new LinkedHashMap<>();
        for (String projection : SHARED) {
            for (String node : nodes.keySet()) {
                long start = System.nanoTime();
                HttpResponse<String> answer = send(node, HttpRequest.newBuilder(
                        nodes.get(node).resolve("/api/admin/projections/" + projection + "/rebuild"))
                        .POST(HttpRequest.BodyPublishers.noBody()));
                if (answer.statusCode() == 202) {
                    during.rebuildAsks.add(new Sample(System.nanoTime() - start, 202));
                    rebuiltOn.put(projection, node);
                    progress(projection + " rebuilding on " + node);
                    break;
                }
            }
        }
        return rebuiltOn;
    }

    private void pollStatus(String node, Phase during, Map<String, String> rebuiltOn,
                            Map<String, Double> switchedAfter) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> answer = send(node, HttpRequest.newBuilder(
                    nodes.get(node).resolve("/api/admin/projections")));
            during.statuses.computeIfAbsent(node, k -> new ConcurrentLinkedQueue<>())
                    .add(new Sample(System.nanoTime() - start, answer.statusCode()));
            if (answer.statusCode() != 200) {
                return;
            }
            for (JsonNode status : json.readTree(answer.body())) {
                String projection = status.path("name").asText();
                if (node.equals(rebuiltOn.get(projection)) && !status.path("rebuilding").asBoolean()
                        && !switchedAfter.containsKey(projection)) {
                    switchedAfter.put(projection, during.secondsSoFar());
                    progress(projection + " switched after " + switchedAfter.get(projection) + " s");
                }
            }
        } catch (Exception e) {
            during.statuses.computeIfAbsent(node, k -> new ConcurrentLinkedQueue<>())
                    .add(new Sample(System.nanoTime() - start, 0));
        }
    }

    private void report(int events, int rate, String backend, Phase before, Phase during,
                        Map<String, String> rebuiltOn, Map<String, Double> switchedAfter, int limit) {
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "### Three nodes on one embedded store (%s), a log of %,d events, %d writes/s, %d cores%n%n"
                        + "Latencies as n, p50 / p99 / max ms, and how many answers were not the expected status (201, "
                        + "200), timeouts included.%n%n| phase | seconds | writes to a | reads on a with after | reads "
                        + "on b | reads on c | GC pauses, share of the phase, a / b / c |%n"
                        + "|---|---|---|---|---|---|---|%n",
                backend, events, rate, Runtime.getRuntime().availableProcessors()));
        for (Phase phase : List.of(before, during)) {
            report.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %s | %s | %s | %s |%n", phase.name,
                    phase.seconds(), summary(phase.writes, 201), summary(phase.readsOn("a"), 200),
                    summary(phase.readsOn("b"), 200), summary(phase.readsOn("c"), 200), phase.gcShares()));
        }
        report.append(String.format(Locale.ROOT, "%n| projection | rebuilt on | switched after, s |%n|---|---|---|%n"));
        for (String projection : SHARED) {
            Double after = switchedAfter.get(projection);
            report.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", projection,
                    rebuiltOn.getOrDefault(projection, "none took it"),
                    after == null ? "not within " + limit : String.format(Locale.ROOT, "%.0f", after)));
        }
        report.append(String.format(Locale.ROOT, "%nAsking the rebuilds (202): %s. `GET /api/admin/projections` every "
                + "poll during the rebuilds:%n%n| node | n, p50 / p99 / max ms, not 200 |%n|---|---|%n",
                summary(during.rebuildAsks, 202)));
        for (String node : nodes.keySet()) {
            report.append(String.format(Locale.ROOT, "| %s | %s |%n", node,
                    summary(during.statuses.getOrDefault(node, new ConcurrentLinkedQueue<>()), 200)));
        }
        System.out.println(report);
    }

    private static String summary(Iterable<Sample> samples, int expected) {
        List<Long> nanos = new ArrayList<>();
        int unexpected = 0;
        for (Sample sample : samples) {
            nanos.add(sample.nanos());
            unexpected += sample.status() == expected ? 0 : 1;
        }
        if (nanos.isEmpty()) {
            return "none";
        }
        Stats stats = Stats.ofNanos(nanos.stream().mapToLong(Long::longValue).toArray());
        return String.format(Locale.ROOT, "%d, %.0f / %.0f / %.0f, %d", nanos.size(), stats.p50(), stats.p99(),
                stats.max(), unexpected);
    }

    /**
     * Each node's time in collection pauses so far, in seconds: {@code jstat}'s GCT (young, full and the concurrent
     * cycles' pauses); NaN where it cannot say. The runner's node has no Prometheus registry to ask.
     */
    private Map<String, Double> gcSeconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((node, pid) -> seconds.put(node, jstatGcSeconds(pid)));
        progress("collection pauses so far, s: " + seconds);
        return seconds;
    }

    private static double jstatGcSeconds(long pid) {
        try {
            Process jstat = new ProcessBuilder(jdkTool("jstat"),
                    "-gc", Long.toString(pid)).redirectErrorStream(true).start();
            List<String> lines = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .toList();
            jstat.waitFor();
            List<String> names = List.of(lines.get(0).trim().split("\\s+"));
            String[] values = lines.get(1).trim().split("\\s+");
            return Double.parseDouble(values[names.indexOf("GCT")]);
        } catch (Exception e) {
            progress("no jstat for " + pid + ": " + e);
            return Double.NaN;
        }
    }

    private void awaitCaughtUp(String node, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                HttpResponse<String> answer = send(node, HttpRequest.newBuilder(
                        nodes.get(node).resolve("/api/admin/projections")));
                if (answer.statusCode() == 200) {
                    long lag = 0;
                    for (JsonNode status : json.readTree(answer.body())) {
                        lag = Math.max(lag, status.path("lag").asLong());
                    }
                    if (lag == 0) {
                        return;
                    }
                }
            } catch (IOException notYetListening) {
                // A query node still starting.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + node + " did not catch up within " + within);
            }
            Thread.sleep(1000);
        }
    }

    private static Process startQueryNode(String name, int port, int storePort, Path dataDir, String heap)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(jdkTool("java"), "-Xms" + heap, "-Xmx" + heap, "-cp",
                System.getProperty("java.class.path"), AftermathBenchApplication.class.getName(),
                "server.port=" + port, "aftermath.data-dir=" + dataDir, "aftermath.node-id=" + name,
                "aftermath.roles=query", "aftermath.mongo.uri=mongodb://127.0.0.1:" + storePort));
        command.addAll(List.of(AftermathBenchApplication.ADMIN));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(name + ".log").toFile()).start();
    }

    private void post(String node, String path, String body) throws Exception {
        HttpResponse<String> answer = send(node, HttpRequest.newBuilder(nodes.get(node).resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (answer.statusCode() >= 300) {
            throw new IllegalStateException(path + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    private HttpResponse<String> send(String node, HttpRequest.Builder request) throws IOException,
            InterruptedException {
        return http.send(request.header("Authorization", ADMIN_AUTHORIZATION).timeout(GIVE_UP).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void progress(String message) {
        System.err.printf("[ScaleOutBench %tT] %s%n", System.currentTimeMillis(), message);
    }

    /** An answer's time and status; 0 for none (timed out, refused). */
    private record Sample(long nanos, int status) {
    }

    /** What one phase of the load measured. */
    private static final class Phase {

        final String name;
        final ConcurrentLinkedQueue<Sample> writes = new ConcurrentLinkedQueue<>();
        final Map<String, ConcurrentLinkedQueue<Sample>> reads = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Sample> rebuildAsks = new ConcurrentLinkedQueue<>();
        final Map<String, ConcurrentLinkedQueue<Sample>> statuses = new ConcurrentHashMap<>();
        private volatile long beganAt;
        private long endedAt;
        private Map<String, Double> gcAtStart;
        private Map<String, Double> gcAtEnd;

        Phase(String name) {
            this.name = name;
        }

        ConcurrentLinkedQueue<Sample> readsOn(String node) {
            return reads.computeIfAbsent(node, k -> new ConcurrentLinkedQueue<>());
        }

        void begin(Map<String, Double> gcSeconds) {
            gcAtStart = gcSeconds;
            beganAt = System.nanoTime();
        }

        boolean started() {
            return beganAt != 0;
        }

        void end(Map<String, Double> gcSeconds) {
            endedAt = System.nanoTime();
            gcAtEnd = gcSeconds;
        }

        double secondsSoFar() {
            return (System.nanoTime() - beganAt) / 1e9;
        }

        double seconds() {
            return (endedAt - beganAt) / 1e9;
        }

        String gcShares() {
            List<String> shares = new ArrayList<>();
            gcAtEnd.forEach((node, end) -> shares.add(String.format(Locale.ROOT, "%.1f %%",
                    100 * (end - gcAtStart.getOrDefault(node, Double.NaN)) / seconds())));
            return String.join(" / ", shares);
        }
    }
}
