package io.aftermath.bench;

import static io.aftermath.bench.AftermathBenchApplication.ADMIN_AUTHORIZATION;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.ticket.TicketReported;

/**
 * End-to-end command throughput: {@code POST /api/tickets} (ReportTicket) over HTTP with 1 and 16
 * concurrent clients, against the same node's ledger appending events of the same shape directly
 * with as many threads, measured in the same run. The ratio is what HTTP, security, validation,
 * idempotency bookkeeping, Axon's command bus and the aggregate cost on top of the store.
 *
 * <p>Arguments: {@code backend=memory|h2 requests=4000 clients=1,16 keyed=false}; with {@code keyed=true}
 * every request carries an {@code Idempotency-Key} of its own, so the cells include the key's claim,
 * its stored answer and the read of the target stream a keyed write makes first.
 */
public final class CommandBench {

    private static final String DESCRIPTION = "After upgrading, the checkout page spins for thirty seconds and "
            + "then shows a generic error, for every card type, on desktop and mobile.";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final MongoLedgerStorageEngine engine;
    private final boolean keyed;

    private CommandBench(ConfigurableApplicationContext app, boolean keyed) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        this.base = URI.create("http://127.0.0.1:" + port);
        this.engine = app.getBean(MongoLedgerStorageEngine.class);
        this.keyed = keyed;
    }

    private record Request(String body, String key) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = QueryBench.options(args);
        String backend = options.getOrDefault("backend", "memory");
        int requests = Integer.parseInt(options.getOrDefault("requests", "4000"));
        boolean keyed = Boolean.parseBoolean(options.getOrDefault("keyed", "false"));
        // Resources close in reverse: the application lets go of its store before the directory goes.
        try (WorkDirectory workDir = WorkDirectory.create("aftermath-commandbench");
             ConfigurableApplicationContext app = AftermathBenchApplication.start(AftermathBenchApplication.withAdmin(
                     "aftermath.roles=command", "aftermath.data-dir=" + workDir.path(),
                     "aftermath.mongo.embedded.backend=" + backend))) {
            CommandBench bench = new CommandBench(app, keyed);
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                    "### ReportTicket over HTTP%s, %s backend (%d requests per cell, %d cores)%n%n"
                            + "| clients | HTTP commands/s | ledger appends/s, same threads | HTTP / ledger |%n"
                            + "|---|---|---|---|%n", keyed ? ", each request keyed" : "", backend, requests,
                    Runtime.getRuntime().availableProcessors()));
            bench.post("/api/releases", new Request("{\"service\":\"bench\",\"version\":\"1.0.0\"}", null));
            bench.httpRate(4, requests / 4, "warm");
            bench.ledgerRate(4, requests / 4, "warm");
            for (String clients : options.getOrDefault("clients", "1,16").split(",")) {
                int threads = Integer.parseInt(clients.trim());
                double viaHttp = bench.httpRate(threads, requests, "c" + threads);
                double direct = bench.ledgerRate(threads, requests, "c" + threads);
                report.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f× |%n", threads, viaHttp,
                        direct, viaHttp / direct));
            }
            System.out.println(report);
        }
    }

    private double httpRate(int clients, int total, String cell) throws Exception {
        String body = "{\"releaseId\":\"bench@1.0.0\",\"title\":\"Checkout spinner never ends\",\"description\":\""
                + DESCRIPTION + "\",\"component\":\"payments\",\"reportedVia\":\"in-app\"}";
        return Concurrently.opsPerSecond(clients, total,
                (thread, index) -> new Request(body, keyed ? cell + "-" + thread + "-" + index : null), request -> {
            HttpResponse<String> response = post("/api/tickets", request);
            if (response.statusCode() != 201) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
        });
    }

    /** The store alone: one TicketReported per commit, a new stream each time, as ReportTicket does. */
    private double ledgerRate(int threads, int total, String prefix) throws Exception {
        return Concurrently.opsPerSecond(threads, total, (thread, index) -> {
            String ticketId = prefix + "-" + thread + "-" + index;
            return new GenericDomainEventMessage<>("Ticket", ticketId, 0,
                    new TicketReported(ticketId, "bench@1.0.0", "Checkout spinner never ends", DESCRIPTION,
                            "payments", "in-app", "admin", java.time.Instant.now()));
        }, engine::appendEvents);
    }

    private HttpResponse<String> post(String path, Request request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", ADMIN_AUTHORIZATION);
        if (request.key() != null) {
            builder.header("Idempotency-Key", request.key());
        }
        return http.send(builder.POST(HttpRequest.BodyPublishers.ofString(request.body())).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
