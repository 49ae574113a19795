package io.aftermath.shared.web.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;

import io.aftermath.shared.infrastructure.NodeStop;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tester 64: a keyed write whose client went away while its key was being claimed left a claim that nothing ran
 * under: its retries got 409 for the whole lease (2 minutes), then took the claim over.
 */
class ClientGoneWhileClaimingTest {

    private static final IdempotencyProperties PROPERTIES = new IdempotencyProperties(Duration.ofHours(24),
            Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofHours(1));
    private static final String BODY = "{\"title\":\"Card declined\"}";

    private final MongoDatabase database = EmbeddedMongo.freshDatabase();
    private final CountDownLatch claiming = new CountDownLatch(1);
    private final CountDownLatch clientGone = new CountDownLatch(1);
    /** A store slow to answer the claim it has just made. */
    private final IdempotencyStore store = new IdempotencyStore(database, Clock.systemUTC(), PROPERTIES) {
        @Override
        public Claim claim(String id, String user, String key, String fingerprint, String formerFingerprint) {
            Claim claim = super.claim(id, user, key, fingerprint, formerFingerprint);
            claiming.countDown();
            try {
                clientGone.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException cancelled) {
                Thread.currentThread().interrupt();
            }
            return claim;
        }
    };
    private final IdempotencyFilter filter = new IdempotencyFilter(store, Schedulers.boundedElastic(),
            new ProblemWriter(new ObjectMapper()), PROPERTIES, 1_000_000, new NodeStop());

    @Test
    void a_request_whose_client_went_while_its_key_was_claimed_runs_to_its_outcome() throws Exception {
        Principal ana = () -> "ana";
        MockServerWebExchange exchange = MockServerWebExchange.builder(MockServerHttpRequest.post("/api/tickets")
                .header(IdempotencyFilter.HEADER, "gone").contentType(MediaType.APPLICATION_JSON).body(BODY))
                .principal(ana).build();
        AtomicBoolean ran = new AtomicBoolean();

        Disposable request = filter.filter(exchange, answered -> {
            ran.set(true);
            answered.getResponse().setStatusCode(HttpStatus.CREATED);
            return answered.getResponse().writeWith(Mono.just(DefaultDataBufferFactory.sharedInstance
                    .wrap("{\"ticketId\":\"t-1\"}".getBytes(StandardCharsets.UTF_8))));
        }).subscribe();
        assertThat(claiming.await(10, TimeUnit.SECONDS)).isTrue();
        request.dispose();
        clientGone.countDown();

        await().atMost(Duration.ofSeconds(10)).untilTrue(ran);
        await().atMost(Duration.ofSeconds(10)).until(() -> storedClaim() instanceof Claim.Completed);
    }

    /** The key as another node finds it. */
    private Claim storedClaim() {
        return new IdempotencyStore(database, Clock.systemUTC(), PROPERTIES).claim(IdempotencyFilter.claimId("ana", "gone"), "ana", "gone",
                        IdempotencyFilter.fingerprint("POST", "/api/tickets", MediaType.APPLICATION_JSON,
                                BODY.getBytes(StandardCharsets.UTF_8)));
    }
}
