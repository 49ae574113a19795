package io.aftermath.bench;

import static io.aftermath.bench.AftermathBenchApplication.ADMIN_AUTHORIZATION;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a node's heap holds as its log grows, and what reading the whole log allocates (README, Operations,
 * Heap): one node with both roles on the embedded H2 file is fed ReportTicket and Prioritise over HTTP from 8
 * clients; after each step the heap still in use after two full collections is printed. Then replays of one
 * release over HTTP, each a read of the whole log, with the bytes every thread of the process allocated
 * meanwhile (the HTTP client's included, a small share). Run it with a heap the node would have, such as
 * {@code BENCH_JAVA_OPTS=-Xmx1g}: the 12 GB default also sizes what the collector keeps around.
 *
 * <p>Arguments: {@code pairs=6000 steps=3 cache=64 replays=20}, {@code cache} the H2 page cache in megabytes.
 */
public final class HeapCost {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Pattern TICKET_ID = Pattern.compile("\"ticketId\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    private HeapCost(ConfigurableApplicationContext app) {
        this.base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = QueryBench.options(args);
        int pairs = Integer.parseInt(options.getOrDefault("pairs", "6000"));
        int steps = Integer.parseInt(options.getOrDefault("steps", "3"));
        int replays = Integer.parseInt(options.getOrDefault("replays", "20"));
        String cache = options.getOrDefault("cache", "64");
        try (WorkDirectory workDir = WorkDirectory.create("aftermath-heapcost");
             ConfigurableApplicationContext app = AftermathBenchApplication.start(AftermathBenchApplication.withAdmin(
                     "aftermath.data-dir=" + workDir.path(), "aftermath.mongo.embedded.cache-megabytes=" + cache))) {
            HeapCost bench = new HeapCost(app);
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                    "### Heap in use, H2 file, page cache %s MB, max heap %d MB, %d cores%n%n"
                            + "| events in the log | live heap MB |%n|---:|---:|%n", cache,
                    MEMORY.getHeapMemoryUsage().getMax() >> 20, Runtime.getRuntime().availableProcessors()));
            bench.post("/api/releases", "{\"service\":\"heap\",\"version\":\"1.0.0\"}");
            report.append(String.format(Locale.ROOT, "| 1 | %d |%n", liveMegabytes()));
            int events = 1;
            for (int step = 0; step < steps; step++) {
                Concurrently.opsPerSecond(8, pairs, (thread, index) -> thread + "-" + index, name -> bench.pair(name));
                events += 2 * pairs;
                report.append(String.format(Locale.ROOT, "| %,d | %d |%n", events, liveMegabytes()));
                System.err.printf("step %d of %d done%n", step + 1, steps);
            }
            long before = allocatedEverywhere();
            for (int i = 0; i < replays; i++) {
                bench.get("/api/releases/heap@1.0.0/replay");
            }
            double perEvent = (allocatedEverywhere() - before) / (double) replays / events;
            report.append(String.format(Locale.ROOT, "%nA replay of the %,d-event log allocated %.1f KB per event "
                    + "read (%d replays, every thread of the process).%n", events, perEvent / 1024, replays));
            System.out.println(report);
        }
    }

    /** One ticket reported and prioritised: two commands, two events. */
    private void pair(String name) throws Exception {
        String reported = post("/api/tickets", "{\"releaseId\":\"heap@1.0.0\",\"title\":\"Checkout fails " + name
                + "\",\"description\":\"The payment gateway answers 502 for card payments since the deploy\","
                + "\"component\":\"payments\"}");
        Matcher id = TICKET_ID.matcher(reported);
        if (!id.find()) {
            throw new IllegalStateException("No ticket id in " + reported);
        }
        post("/api/tickets/" + id.group(1) + "/prioritise",
                "{\"severity\":\"S2\",\"urgency\":\"HIGH\",\"reason\":\"customers blocked\"}");
    }

    private static long liveMegabytes() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed() >> 20;
    }

    /** Threads that ended meanwhile take their count with them: a floor, not an exact figure. */
    private static long allocatedEverywhere() {
        return Arrays.stream(THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds()))
                .filter(bytes -> bytes > 0).sum();
    }

    private String post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", ADMIN_AUTHORIZATION).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
