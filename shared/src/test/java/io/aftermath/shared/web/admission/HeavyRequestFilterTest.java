package io.aftermath.shared.web.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.shared.web.problem.ProblemWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class HeavyRequestFilterTest {

    private static final HeavyRoutes EXPORTS = new HeavyRoutes(HttpMethod.GET,
            List.of("/api/events", "/api/releases/{releaseId}/replay"));
    private static final HeavyRoutes CHECKPOINTS = new HeavyRoutes(HttpMethod.POST, List.of("/api/admin/checkpoint"));

    private final AtomicInteger ran = new AtomicInteger();

    @Test
    void a_heavy_request_finding_every_place_taken_is_503_overloaded_and_does_not_run() {
        HeavyRequestFilter filter = filter(1, 0);
        hold(filter, MockServerHttpRequest.get("/api/releases/api@1.0/replay"));

        MockServerWebExchange refused = MockServerWebExchange.from(MockServerHttpRequest.get("/api/events"));
        StepVerifier.create(filter.filter(refused, counting())).verifyComplete();

        assertThat(ran).hasValue(1);
        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refused.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(refused.getResponse().getBodyAsString().block())
                .contains("\"code\":\"OVERLOADED\"")
                .contains("This node is answering all the heavy requests (log exports, verifications, replays, "
                        + "checkpoints, backups) it takes at once, 1, and 0 more are waiting; retry later");
    }

    @Test
    void one_that_waits_past_max_wait_is_told_so() {
        HeavyRequestFilter filter = new HeavyRequestFilter(new HeavyRequests(1, 1, Duration.ofMillis(50)),
                List.of(EXPORTS), new ProblemWriter(new ObjectMapper()));
        hold(filter, MockServerHttpRequest.get("/api/events"));

        MockServerWebExchange waited = MockServerWebExchange.from(MockServerHttpRequest.get("/api/events"));
        StepVerifier.create(filter.filter(waited, counting())).verifyComplete();

        assertThat(waited.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(waited.getResponse().getBodyAsString().block())
                .contains("Waited 50ms for a place among the 1 heavy requests (log exports, verifications, replays, "
                        + "checkpoints, backups) this node takes at once; retry later");
    }

    /** Tester 55: "Waited 0s" read oddly for a node that waits for nothing. */
    @Test
    void with_no_wait_the_refusal_says_only_that_every_place_is_taken() {
        HeavyRequestFilter filter = new HeavyRequestFilter(new HeavyRequests(1, 4, Duration.ZERO),
                List.of(EXPORTS), new ProblemWriter(new ObjectMapper()));
        hold(filter, MockServerHttpRequest.get("/api/events"));

        MockServerWebExchange refused = MockServerWebExchange.from(MockServerHttpRequest.get("/api/events"));
        StepVerifier.create(filter.filter(refused, counting())).verifyComplete();

        assertThat(refused.getResponse().getBodyAsString().block()).contains("This node is answering all the heavy "
                + "requests (log exports, verifications, replays, checkpoints, backups) it takes at once, 1; retry later");
    }

    @Test
    void other_requests_pass_while_every_place_is_taken() {
        HeavyRequestFilter filter = filter(1, 0);
        hold(filter, MockServerHttpRequest.get("/api/events"));

        for (MockServerHttpRequest.BaseBuilder<?> other : List.of(MockServerHttpRequest.get("/api/triage"),
                MockServerHttpRequest.get("/api/releases/api@1.0/timeline"), MockServerHttpRequest.post("/api/events"),
                MockServerHttpRequest.get("/api/admin/checkpoint"))) {
            StepVerifier.create(filter.filter(MockServerWebExchange.from(other), counting())).verifyComplete();
        }

        assertThat(ran).hasValue(5);
    }

    @Test
    void head_counts_as_its_get_and_a_post_route_is_heavy_for_post() {
        HeavyRequestFilter filter = filter(1, 0);
        hold(filter, MockServerHttpRequest.post("/api/admin/checkpoint"));

        MockServerWebExchange head = MockServerWebExchange.from(MockServerHttpRequest.head("/api/events"));
        StepVerifier.create(filter.filter(head, counting())).verifyComplete();

        assertThat(head.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(ran).hasValue(1);
    }

    @Test
    void the_place_comes_back_when_the_answer_ends_and_when_its_client_goes_away() {
        HeavyRequestFilter filter = filter(1, 0);
        Sinks.Empty<Void> answer = Sinks.empty();
        filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/api/events")), held(answer)).subscribe();
        answer.tryEmitEmpty();

        Disposable client = hold(filter, MockServerHttpRequest.get("/api/events"));
        client.dispose();

        StepVerifier.create(filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/api/events")),
                counting())).verifyComplete();
        assertThat(ran).hasValue(3);
    }

    @Test
    void a_waiting_request_runs_when_a_place_frees() {
        HeavyRequestFilter filter = filter(1, 1);
        Sinks.Empty<Void> answer = Sinks.empty();
        filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/api/events")), held(answer)).subscribe();

        StepVerifier.create(filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/api/events")),
                        counting()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .then(answer::tryEmitEmpty)
                .verifyComplete();
        assertThat(ran).hasValue(2);
    }

    @Test
    void running_waiting_and_refused_are_metered() {
        HeavyRequestFilter filter = filter(1, 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        filter.bindTo(registry);
        hold(filter, MockServerHttpRequest.get("/api/events"));
        hold(filter, MockServerHttpRequest.get("/api/events"));
        filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/api/events")), counting()).block();

        assertThat(registry.get("aftermath.heavy.requests.running").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("aftermath.heavy.requests.waiting").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("aftermath.heavy.requests.refused").functionCounter().count()).isEqualTo(1.0);
    }

    private HeavyRequestFilter filter(int concurrency, int queue) {
        return new HeavyRequestFilter(new HeavyRequests(concurrency, queue, Duration.ofSeconds(30)),
                List.of(EXPORTS, CHECKPOINTS), new ProblemWriter(new ObjectMapper()));
    }

    /** A request whose answer is still being written, holding its place until its client goes. */
    private Disposable hold(HeavyRequestFilter filter, MockServerHttpRequest.BaseBuilder<?> request) {
        return filter.filter(MockServerWebExchange.from(request), held(Sinks.empty())).subscribe();
    }

    private WebFilterChain held(Sinks.Empty<Void> answer) {
        return exchange -> {
            ran.incrementAndGet();
            return answer.asMono();
        };
    }

    private WebFilterChain counting() {
        return exchange -> {
            ran.incrementAndGet();
            return Mono.empty();
        };
    }
}
