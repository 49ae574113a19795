package io.aftermath.shared.web.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Publisher;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.shared.infrastructure.NodeStop;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.channel.AbortedException;
import reactor.test.StepVerifier;

/**
 * Tester 63: a client that hung up while its keyed write's 201 was written had a problem written over that answer,
 * which failed on the headers already sent: a WARN with a stack, and an INFO saying the request was never read. Its
 * outcome was stored before a byte of it was written, and its retry is answered with it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientGoneMidAnswerTest {

    private static final IdempotencyProperties PROPERTIES = new IdempotencyProperties(Duration.ofHours(24),
            Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofHours(1));

    private final IdempotencyStore store = new IdempotencyStore(EmbeddedMongo.freshDatabase(), Clock.systemUTC(),
            PROPERTIES);
    private final IdempotencyFilter filter = new IdempotencyFilter(store, Schedulers.immediate(),
            new ProblemWriter(new ObjectMapper()), PROPERTIES, 1_000_000, new NodeStop());

    @Test
    void a_client_gone_while_its_answer_is_written_leaves_the_outcome_for_its_retry_without_an_alarm(
            CapturedOutput output) {
        Principal ana = () -> "ana";
        MockServerWebExchange exchange = MockServerWebExchange.builder(MockServerHttpRequest.post("/api/tickets")
                        .header(IdempotencyFilter.HEADER, "gone").contentType(MediaType.APPLICATION_JSON)
                        .body("{\"title\":\"Card declined\"}"))
                .principal(ana).build();
        StepVerifier.create(filter.filter(exchange.mutate().response(new HungUpResponse()).build(), answered -> {
                    answered.getResponse().setStatusCode(HttpStatus.CREATED);
                    return answered.getResponse().writeWith(Mono.just(DefaultDataBufferFactory.sharedInstance
                            .wrap("{\"ticketId\":\"t-1\"}".getBytes(StandardCharsets.UTF_8))));
                }))
                .verifyComplete();

        assertThat(store.claim(IdempotencyFilter.claimId("ana", "gone"), "ana", "gone",
                IdempotencyFilter.fingerprint("POST", "/api/tickets", MediaType.APPLICATION_JSON,
                        "{\"title\":\"Card declined\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(Claim.Completed.class, done -> assertThat(done.response().status()).isEqualTo(201));
        assertThat(output.getAll()).doesNotContain("Idempotent request failed after its response was committed")
                .doesNotContain("before its request was read");
    }

    /** A connection the client reset: the answer's headers go out, its body fails. */
    private static final class HungUpResponse extends MockServerHttpResponse {

        @Override
        protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
            return Flux.from(body).doOnNext(DataBufferUtils::release)
                    .then(Mono.error(new AbortedException("Connection has been closed BEFORE send operation")));
        }
    }
}
