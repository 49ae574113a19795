package io.aftermath.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class UnansweredRequestsTest {

    private final UnansweredRequests requests = new UnansweredRequests();

    @Test
    void a_read_waiting_for_the_store_is_answered_store_unavailable() {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/tickets/t-1"));

        StepVerifier.create(requests.filter(exchange, waiting -> Mono.never()))
                .then(() -> assertThat(requests.answerStoreLost()).isOne())
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(DomainRejection.class)
                        .hasMessage("This node is stopping and its store does not answer; retry later")
                        .extracting(rejection -> ((DomainRejection) rejection).code())
                        .isEqualTo(ErrorCode.STORE_UNAVAILABLE))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void a_write_waiting_for_the_store_is_told_its_outcome_is_unknown() {
        ServerWebExchange keyed = MockServerWebExchange.from(MockServerHttpRequest.post("/api/tickets")
                .header("Idempotency-Key", "k-1"));
        ServerWebExchange unkeyed = MockServerWebExchange.from(MockServerHttpRequest.post("/api/tickets"));

        StepVerifier.create(requests.filter(keyed, waiting -> Mono.never()))
                .then(requests::answerStoreLost)
                .expectErrorMessage("This node is stopping and its store does not answer, so whether this write "
                        + "was stored is unknown: retried with the same Idempotency-Key, it is stored once")
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(requests.filter(unkeyed, waiting -> Mono.never()))
                .then(requests::answerStoreLost)
                .expectErrorMessage("This node is stopping and its store does not answer, so whether this write "
                        + "was stored is unknown: read what it changes before sending it again")
                .verify(Duration.ofSeconds(5));
    }

    /** Tester 61: while the node runs, only requests that waited as long as the setting are answered. */
    @Test
    void an_outage_answers_the_requests_that_waited_through_it_and_no_younger_one() {
        ServerWebExchange waiting = MockServerWebExchange.from(MockServerHttpRequest.post("/api/tickets")
                .header("Idempotency-Key", "k-1"));

        StepVerifier.create(requests.filter(waiting, write -> Mono.never()))
                .then(() -> assertThat(requests.answerCaughtByOutage(Duration.ofMinutes(1))).isZero())
                .expectNoEvent(Duration.ofMillis(50))
                .then(() -> assertThat(requests.answerCaughtByOutage(Duration.ofMillis(10))).isOne())
                .expectErrorMessage("This request has waited 10 ms for a store out of sight, so whether this write "
                        + "was stored is unknown: retried with the same Idempotency-Key, it is stored once")
                .verify(Duration.ofSeconds(5));
    }

    /**
     * Tester 53: the call cut off failed in turn, and the application's own error answer set status 500 on
     * the response the 503 was being written to.
     */
    @Test
    void what_the_application_writes_once_answered_for_it_goes_nowhere() {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/tickets"));

        ServerHttpResponse late = answeredForIt(exchange).getResponse();
        late.setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
        late.getHeaders().setContentLength(999);
        StepVerifier.create(late.writeWith(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(new byte[999]))))
                .verifyComplete();

        assertThat(exchange.getResponse().getStatusCode()).isNotEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(exchange.getResponse().getHeaders().getContentLength()).isEqualTo(-1);
        assertThat(exchange.getResponse().isCommitted()).isFalse();
    }

    /**
     * A keyed write caught by an outage stores its own answer under its key once it has it: before, it read back
     * the status of the 503 sent for it and none of its headers, and its 201 was not kept.
     */
    @Test
    void the_application_reads_back_the_status_and_headers_it_set_once_answered_for() {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/tickets"));
        ServerWebExchange seen = answeredForIt(exchange);
        exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        exchange.getResponse().getHeaders().set("Retry-After", "5");

        ServerHttpResponse late = seen.getResponse();
        late.setStatusCode(HttpStatus.CREATED);
        late.getHeaders().setLocation(URI.create("/api/tickets/t-1"));

        assertThat(late.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(late.getHeaders().getLocation()).hasToString("/api/tickets/t-1");
        assertThat(late.getHeaders().containsKey("Retry-After")).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getLocation()).isNull();
    }

    /** An event stream has sent its headers: a problem cannot follow them, and the streams end on their own. */
    @Test
    void an_answer_already_begun_is_left_alone() {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/triage/stream"));

        DataBuffer snapshot = DefaultDataBufferFactory.sharedInstance.wrap("event:snapshot\n\n".getBytes(StandardCharsets.UTF_8));

        StepVerifier.create(requests.filter(exchange, streaming -> streaming.getResponse()
                        .writeWith(Flux.just(snapshot).concatWith(Flux.never()))))
                .then(() -> assertThat(requests.answerStoreLost()).isZero())
                .expectNoEvent(Duration.ofMillis(100))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    /**
     * Tester 65: a run that ended between being silenced and being told to stop (a write the out-of-sight check
     * refused in that instant) ended the exchange with nothing written, an empty 200 for a write never stored.
     */
    @Test
    void a_run_that_ends_as_it_is_answered_for_leaves_that_answer() {
        ServerWebExchange answered = MockServerWebExchange.from(MockServerHttpRequest.post("/api/tickets")
                .header("Idempotency-Key", "k-1"));
        ServerWebExchange failed = MockServerWebExchange.from(MockServerHttpRequest.post("/api/tickets"));

        StepVerifier.create(requests.filter(answered, endingNow -> Mono.fromRunnable(requests::answerStoreLost)))
                .expectErrorMessage("This node is stopping and its store does not answer, so whether this write "
                        + "was stored is unknown: retried with the same Idempotency-Key, it is stored once")
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(requests.filter(failed, failingNow -> Mono.fromRunnable(requests::answerStoreLost)
                        .then(Mono.error(new IllegalStateException("state should be: open")))))
                .expectErrorMessage("This node is stopping and its store does not answer, so whether this write "
                        + "was stored is unknown: read what it changes before sending it again")
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void requests_answered_before_are_not_counted() {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/tickets/t-1"));

        StepVerifier.create(requests.filter(exchange, answered -> Mono.empty())).verifyComplete();

        assertThat(requests.answerStoreLost()).isZero();
    }

    /** The exchange as the application saw it, once the request was answered for it while it waited. */
    private ServerWebExchange answeredForIt(ServerWebExchange exchange) {
        AtomicReference<ServerWebExchange> seen = new AtomicReference<>();
        StepVerifier.create(requests.filter(exchange, application -> {
                    seen.set(application);
                    return Mono.never();
                }))
                .then(requests::answerStoreLost)
                .expectError(DomainRejection.class)
                .verify(Duration.ofSeconds(5));
        return seen.get();
    }
}
