package io.aftermath.bench;

import static io.aftermath.bench.AftermathBenchApplication.ADMIN_AUTHORIZATION;
import static io.aftermath.bench.AftermathBenchApplication.jdkTool;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import javax.management.ObjectName;

import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.aftermath.query.live.TriageStreams;

/**
 * What an open SSE stream keeps on its node (README, Operations, Heap): the objects still reachable, counted by
 * class after a full collection ({@code GC.class_histogram}), with {@code streams} triage streams open against
 * none. The streams come from a client in a process of its own, so only the node's side is counted; they all
 * watch one queue, so what one result costs is counted once. A warm-up opens and closes {@code warmup} streams
 * first, so that what the first request sets up for good (caches, pools) is not counted as the streams'.
 *
 * <p>Arguments: {@code streams=1000 warmup=200 top=25}.
 */
public final class StreamHeap {

    private static final Duration OPENING = Duration.ofSeconds(120);

    private StreamHeap() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("client")) {
            Client.main(args);
            return;
        }
        Map<String, String> options = QueryBench.options(args);
        int streams = Integer.parseInt(options.getOrDefault("streams", "1000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
        int top = Integer.parseInt(options.getOrDefault("top", "25"));
        try (WorkDirectory workDir = WorkDirectory.create("aftermath-streamheap");
             ConfigurableApplicationContext app = AftermathBenchApplication.start(AftermathBenchApplication.withAdmin(
                     "aftermath.data-dir=" + workDir.path(), "aftermath.mongo.embedded.backend=memory"))) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            TriageStreams hub = app.getBean(TriageStreams.class);
            Process warm = Client.start(port, warmup);
            awaitSubscribers(hub::subscribers, warmup, warm);
            stop(warm);
            awaitSubscribers(hub::subscribers, 0, null);
            Map<String, long[]> before = histogram();
            Process client = Client.start(port, streams);
            try {
                awaitSubscribers(hub::subscribers, streams, client);
                Map<String, long[]> open = histogram();
                System.out.println(report(before, open, streams, top));
            } finally {
                stop(client);
            }
        }
    }

    private static void awaitSubscribers(IntSupplier subscribers, int expected, Process client)
            throws InterruptedException {
        long deadline = System.nanoTime() + OPENING.toNanos();
        while (subscribers.getAsInt() != expected) {
            if (client != null && !client.isAlive()) {
                throw new IllegalStateException("the stream client ended with " + client.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(subscribers.getAsInt() + " subscribers after " + OPENING
                        + ", expected " + expected);
            }
            Thread.sleep(100);
        }
        System.err.printf("%d subscribers%n", expected);
    }

    private static void stop(Process client) throws InterruptedException {
        client.destroy();
        client.waitFor(30, TimeUnit.SECONDS);
    }

    /** Instances and bytes by class name, of the objects reachable after the full collection the command makes. */
    static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        return parseHistogram(text);
    }

    static Map<String, long[]> parseHistogram(String text) {
        Map<String, long[]> counts = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[0].matches("\\d+:")) {
                counts.put(columns[3], new long[] {Long.parseLong(columns[1]), Long.parseLong(columns[2])});
            }
        }
        return counts;
    }

    static String report(Map<String, long[]> before, Map<String, long[]> open, int streams, int top) {
        List<Map.Entry<String, long[]>> grown = new ArrayList<>();
        Map<String, Long> byOwner = new HashMap<>();
        long objects = 0;
        long bytes = 0;
        for (Map.Entry<String, long[]> entry : open.entrySet()) {
            long[] was = before.getOrDefault(entry.getKey(), new long[2]);
            long[] delta = {entry.getValue()[0] - was[0], entry.getValue()[1] - was[1]};
            grown.add(Map.entry(entry.getKey(), delta));
            objects += delta[0];
            bytes += delta[1];
            byOwner.merge(owner(entry.getKey()), delta[1], Long::sum);
        }
        grown.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "### What %,d open triage streams keep on their node (one queue watched, client in another process)%n%n"
                        + "Per stream: **%,.0f bytes in %,.0f objects** reachable after a full collection.%n%n"
                        + "| owner (package) | bytes per stream |%n|---|---:|%n", streams, bytes / (double) streams,
                objects / (double) streams));
        byOwner.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(12)
                .forEach(entry -> report.append(String.format(Locale.ROOT, "| %s | %,.0f |%n", entry.getKey(),
                        entry.getValue() / (double) streams)));
        report.append(String.format(Locale.ROOT,
                "%n| class | bytes per stream | objects per stream |%n|---|---:|---:|%n"));
        grown.stream().limit(top).forEach(entry -> report.append(String.format(Locale.ROOT, "| `%s` | %,.0f | %.1f |%n",
                entry.getKey(), entry.getValue()[1] / (double) streams, entry.getValue()[0] / (double) streams)));
        return report.toString();
    }

    /** The first three parts of a class's package ({@code reactor.core.publisher}), or "arrays" for an array. */
    static String owner(String className) {
        if (className.startsWith("[")) {
            return "arrays";
        }
        String[] parts = className.split("\\.");
        return parts.length <= 3 ? String.join(".", List.of(parts).subList(0, Math.max(1, parts.length - 1)))
                : String.join(".", List.of(parts).subList(0, 3));
    }

    /**
     * Opens streams over plain sockets, a thread with a small stack each reading whatever comes, and holds them
     * until it is stopped. Plain sockets, so that the client's own costs stay small beside the count of its
     * streams on the node.
     */
    static final class Client {

        static Process start(int port, int streams) throws Exception {
            return new ProcessBuilder(jdkTool("java"), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    StreamHeap.class.getName(), "client", Integer.toString(port), Integer.toString(streams))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        }

        static void main(String[] args) throws Exception {
            int port = Integer.parseInt(args[1]);
            int streams = Integer.parseInt(args[2]);
            for (int i = 0; i < streams; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream().write(("GET /api/triage/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Accept: text/event-stream\r\nAuthorization: " + ADMIN_AUTHORIZATION + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                Thread reader = new Thread(null, () -> drain(socket), "stream-" + i, 64 * 1024);
                reader.setDaemon(true);
                reader.start();
            }
            // Held until the runner stops this process or ends itself (its end closes this input); ours closes
            // every socket.
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            System.exit(0);
        }

        private static void drain(Socket socket) {
            byte[] buffer = new byte[1024];
            try (InputStream in = socket.getInputStream()) {
                while (in.read(buffer) >= 0) {
                    // Read and dropped: the node's side is what is measured.
                }
            } catch (Exception ended) {
                // The runner stopped the client.
            }
        }
    }
}
