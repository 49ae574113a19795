package io.aftermath.bench;

import static io.aftermath.bench.AftermathBenchApplication.ADMIN_AUTHORIZATION;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.web.UnacceptableAnswerFilter;
import reactor.core.publisher.Mono;

/**
 * What the {@code Accept} check ({@link UnacceptableAnswerFilter}) adds to each API request: it finds the request's
 * route itself, as Spring's dispatch does again after it. Timed in-process for typical requests against Spring's
 * own handler lookup of the same request, which every request pays, and against a whole {@code GET /api/triage}
 * over HTTP, all in one run.
 *
 * <p>Usage: {@code bench/run.sh AcceptCheckCost [iterations=200000] [requests=5000]}
 */
public final class AcceptCheckCost {

    private static final int ROUNDS = 5;

    private AcceptCheckCost() {
    }

    public static void main(String[] args) throws Exception {
        BenchArguments options = new BenchArguments(args);
        int iterations = options.integer("iterations", 200_000);
        int requests = options.integer("requests", 5_000);
        try (WorkDirectory workDir = WorkDirectory.create("aftermath-acceptcheck");
             ConfigurableApplicationContext app = AftermathBenchApplication.start(AftermathBenchApplication.withAdmin(
                     "logging.level.root=WARN", "aftermath.data-dir=" + workDir.path(),
                     "aftermath.mongo.embedded.backend=memory"))) {
            UnacceptableAnswerFilter filter = app.getBean(UnacceptableAnswerFilter.class);
            RequestMappingHandlerMapping mapping = app.getBean("requestMappingHandlerMapping",
                    RequestMappingHandlerMapping.class);
            System.out.printf("# AcceptCheckCost (%d cores, %d iterations per request and round, median of %d "
                    + "rounds)%n%n", Runtime.getRuntime().availableProcessors(), iterations, ROUNDS);
            System.out.println("| request | Accept check ns | Spring's handler lookup ns | check / lookup |");
            System.out.println("|---|---:|---:|---:|");
            double worst = 0;
            for (Sample sample : samples()) {
                double check = medianNanos(iterations,
                        () -> filter.filter(sample.exchange(), exchange -> Mono.empty()));
                double lookup = medianNanos(iterations, () -> mapping.getHandler(sample.exchange()));
                worst = Math.max(worst, check);
                System.out.printf("| %s | %.0f | %.0f | %.2f |%n", sample.name(), check, lookup, check / lookup);
            }
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            Stats triage = triageOverHttp(port, requests);
            System.out.printf("%nGET /api/triage over HTTP (%d requests, one at a time): p50 %.3f ms, p99 %.3f ms; "
                    + "the costliest check above is %.2f %% of that p50%n", requests, triage.p50(), triage.p99(),
                    100 * worst / 1e6 / triage.p50());
        }
    }

    /** One exchange per request, made once and used by every call: only the call is timed. */
    private record Sample(String name, ServerWebExchange exchange) {
    }

    private static List<Sample> samples() {
        return List.of(
                sample("GET /api/triage", () -> MockServerHttpRequest.get("/api/triage")
                        .accept(MediaType.APPLICATION_JSON)),
                sample("GET /api/tickets/{id}", () -> MockServerHttpRequest.get("/api/tickets/T-9f2c41")
                        .accept(MediaType.APPLICATION_JSON)),
                sample("GET /api/releases/{id}/timeline", () -> MockServerHttpRequest
                        .get("/api/releases/checkout@7.0/timeline").accept(MediaType.ALL)),
                sample("POST /api/tickets", () -> MockServerHttpRequest.post("/api/tickets")
                        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)),
                sample("POST /api/releases/{id}/action-items/{id}/complete", () -> MockServerHttpRequest
                        .post("/api/releases/checkout@7.0/action-items/A-1/complete")
                        .contentType(MediaType.APPLICATION_JSON)));
    }

    private static Sample sample(String name, Supplier<MockServerHttpRequest.BaseBuilder<?>> request) {
        return new Sample(name, MockServerWebExchange.from(request.get()));
    }

    /** The median round's time per call; a first round warms up. */
    private static double medianNanos(int iterations, Supplier<Mono<?>> call) {
        double[] rounds = new double[ROUNDS + 1];
        for (int round = 0; round <= ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                call.get().block();
            }
            rounds[round] = (System.nanoTime() - start) / (double) iterations;
        }
        double[] timed = Arrays.copyOfRange(rounds, 1, rounds.length);
        Arrays.sort(timed);
        return timed[timed.length / 2];
    }

    private static Stats triageOverHttp(int port, int requests) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/triage"))
                .header("Authorization", ADMIN_AUTHORIZATION).header("Accept", "application/json").build();
        for (int i = 0; i < requests / 5; i++) {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        }
        long[] samples = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            samples[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /api/triage answered " + response.statusCode());
            }
        }
        return Stats.ofNanos(samples);
    }
}
