package io.aftermath.shared.web.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;

import io.aftermath.shared.infrastructure.NodeStop;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Tester 65: a node stopping with its store out of reach closes the pool its keyed writes store their outcomes on,
 * and every write still running met it: an ERROR with its stack for the first, and a WARN a write for the store's
 * closed client beside it (about 50 a stop). One line says what the stop leaves undone.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutcomesLostToTheStopTest {

    private static final IdempotencyProperties PROPERTIES = new IdempotencyProperties(Duration.ofHours(24),
            Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofHours(1));
    private static final String LOST = "Could not store the outcome of an idempotent request: this node is stopping";

    private final IdempotencyStore store = new IdempotencyStore(EmbeddedMongo.freshDatabase(), Clock.systemUTC(),
            PROPERTIES);
    private final Scheduler storeCalls = Schedulers.newSingle("idempotency-store-calls");
    private final IdempotencyFilter filter = new IdempotencyFilter(store, storeCalls,
            new ProblemWriter(new ObjectMapper()), PROPERTIES, 1_000_000, new NodeStop());

    @Test
    void outcomes_the_stop_leaves_unstored_are_told_once_and_are_no_error(CapturedOutput output) {
        AtomicInteger running = new AtomicInteger();
        Sinks.Empty<Void> stop = Sinks.empty();
        Flux<Void> writes = Flux.merge(Stream.of("first", "second", "third").map(key -> filter.filter(keyed(key),
                claimed -> Mono.fromRunnable(running::incrementAndGet).then(stop.asMono())
                        .then(Mono.defer(() -> created(claimed))))).toList());

        StepVerifier.create(writes)
                .then(() -> await().atMost(Duration.ofSeconds(10)).untilAtomic(running, equalTo(3)))
                // The stop closes the pool while the writes run, as the node's context closes its beans.
                .then(storeCalls::dispose)
                .then(() -> stop.tryEmitEmpty())
                .verifyComplete();

        assertThat(output.getAll()).doesNotContain("ERROR");
        assertThat(output.getAll().split(LOST, -1)).as("lines saying the outcomes are lost").hasSize(2);
    }

    /** Tester 66: outcomes the outage kept once the stop had begun had a WARN each, up to 30 a stop. */
    @Test
    void outcomes_kept_through_the_outage_the_node_stops_in_are_told_once(CapturedOutput output) {
        IdempotencyStore outOfReach = new IdempotencyStore(EmbeddedMongo.freshDatabase(), Clock.systemUTC(), PROPERTIES) {
            @Override
            public void complete(String id, StoredResponse response) {
                throw new MongoSocketReadException("Prematurely reached end of stream", new ServerAddress());
            }
        };
        NodeStop stop = new NodeStop();
        IdempotencyFilter stopping = new IdempotencyFilter(outOfReach, Schedulers.immediate(),
                new ProblemWriter(new ObjectMapper()), PROPERTIES, 1_000_000, stop);
        stop.begin();

        for (String key : List.of("first", "second", "third")) {
            StepVerifier.create(stopping.filter(keyed(key), OutcomesLostToTheStopTest::created)).verifyComplete();
        }

        assertThat(output.getAll()).doesNotContain("ERROR").doesNotContain("kept to store once the store is back");
        assertThat(output.getAll().split(LOST, -1)).as("lines saying the outcomes are lost").hasSize(2);
    }

    private static Mono<Void> created(ServerWebExchange claimed) {
        claimed.getResponse().setStatusCode(HttpStatus.CREATED);
        return claimed.getResponse().writeWith(Mono.just(DefaultDataBufferFactory.sharedInstance
                .wrap("{\"ticketId\":\"t-1\"}".getBytes(StandardCharsets.UTF_8))));
    }

    private static MockServerWebExchange keyed(String key) {
        Principal ana = () -> "ana";
        return MockServerWebExchange.builder(MockServerHttpRequest.post("/api/tickets")
                        .header(IdempotencyFilter.HEADER, key).contentType(MediaType.APPLICATION_JSON)
                        .body("{\"title\":\"Card declined\"}"))
                .principal(ana).build();
    }
}
