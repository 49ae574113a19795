package io.aftermath.shared.web.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tester 64: a client gone while its keyed write's outcome was being stored cancelled that store write with its
 * connection, interrupting it: the outcome waited for the store as if the store were out of reach.
 */
class RecordingResponseTest {

    @Test
    void the_outcome_is_stored_to_the_end_when_the_answer_is_cancelled_meanwhile() throws Exception {
        CountDownLatch storing = new CountDownLatch(1);
        CountDownLatch storeMayFinish = new CountDownLatch(1);
        CompletableFuture<Boolean> storedUninterrupted = new CompletableFuture<>();
        RecordingResponse response = new RecordingResponse(new MockServerHttpResponse(), stored -> Mono.fromRunnable(() -> {
            storing.countDown();
            try {
                storeMayFinish.await();
                storedUninterrupted.complete(true);
            } catch (InterruptedException cut) {
                storedUninterrupted.complete(false);
            }
        }).subscribeOn(Schedulers.boundedElastic()).then());

        Disposable answer = response.writeWith(Mono.just(DefaultDataBufferFactory.sharedInstance
                .wrap("{\"ticketId\":\"t-1\"}".getBytes(StandardCharsets.UTF_8)))).subscribe();
        assertThat(storing.await(10, TimeUnit.SECONDS)).isTrue();
        answer.dispose();
        storeMayFinish.countDown();

        assertThat(storedUninterrupted.get(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
}
