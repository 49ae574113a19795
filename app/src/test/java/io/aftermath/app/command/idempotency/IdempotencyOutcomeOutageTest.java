package io.aftermath.app.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.app.support.FreezingProxy;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;
import io.aftermath.shared.web.idempotency.AwaitingOutcomeWriter;
import io.aftermath.shared.web.idempotency.Claim;
import io.aftermath.shared.web.idempotency.IdempotencyProperties;
import io.aftermath.shared.web.idempotency.IdempotencyStore;
import io.aftermath.shared.web.idempotency.StoredResponse;

/**
 * Tester 62: a write answered as the store went away lost its outcome for its key, and a retry on another
 * node got 409 until the claim's lease was over. The node that ran it now keeps the outcome, or the release
 * of a claim the store may have written late, and stores it once the store is back.
 */
class IdempotencyOutcomeOutageTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final IdempotencyProperties PROPERTIES = new IdempotencyProperties(Duration.ofHours(24),
            Duration.ofSeconds(5), LEASE, Duration.ofHours(1));
    private static final StoredResponse CREATED = new StoredResponse(201,
            Map.of("Location", List.of("/api/tickets/t-1")), "{\"ticketId\":\"t-1\"}".getBytes(StandardCharsets.UTF_8));

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final String database = "idempotency-" + UUID.randomUUID();
    private FreezingProxy proxy;
    private MongoClient behindProxy;
    private IdempotencyStore node;
    private IdempotencyStore otherNode;

    @BeforeEach
    void twoNodesOneBehindAProxy() throws Exception {
        String embedded = new ConnectionString(EmbeddedMongo.connectionString()).getHosts().get(0);
        proxy = FreezingProxy.to(Integer.parseInt(embedded.substring(embedded.indexOf(':') + 1)));
        behindProxy = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + proxy.port()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(500, TimeUnit.MILLISECONDS))
                .applyToServerSettings(server -> server.heartbeatFrequency(200, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.readTimeout(500, TimeUnit.MILLISECONDS)).build());
        node = new IdempotencyStore(behindProxy.getDatabase(database), clock, PROPERTIES);
        otherNode = new IdempotencyStore(EmbeddedMongo.client().getDatabase(database), clock, PROPERTIES);
    }

    @AfterEach
    void close() throws Exception {
        behindProxy.close();
        proxy.close();
    }

    @Test
    void an_outcome_the_store_did_not_take_is_stored_once_it_is_back_and_answers_a_retry_on_another_node()
            throws Exception {
        completeWhileTheStoreIsGone();

        assertThat(node.awaiting()).isEqualTo(1);
        assertThat(otherNode.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.InProgress.class);
        proxy.heal();

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> node.storeAwaiting() == 1);
        assertThat(node.awaiting()).isZero();
        assertThat(otherNode.claim("k", "ana", "key", "request-1")).isInstanceOfSatisfying(Claim.Completed.class,
                done -> assertThat(done.response().status()).isEqualTo(201));
    }

    /** Before, the retry here took the claim over and ran again: the same answer, at the cost of a second run. */
    @Test
    void a_retry_on_the_node_that_kept_the_outcome_stores_it_first_and_is_answered_with_it() throws Exception {
        completeWhileTheStoreIsGone();

        assertThatThrownBy(() -> node.claim("k", "ana", "key", "request-1")).isInstanceOf(MongoException.class);
        proxy.heal();

        Claim retry = await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> node.claim("k", "ana", "key", "request-1"), claim -> true);
        assertThat(retry).isInstanceOfSatisfying(Claim.Completed.class,
                done -> assertThat(done.response().headers()).containsEntry("Location", List.of("/api/tickets/t-1")));
    }

    @Test
    void a_release_the_store_did_not_take_frees_the_key_once_it_is_back() throws Exception {
        node.claim("k", "ana", "key", "request-1");
        proxy.cut();
        assertThatThrownBy(() -> node.release("k")).isInstanceOf(MongoException.class);
        proxy.heal();

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> node.storeAwaiting() == 1);
        assertThat(otherNode.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.Acquired.class);
    }

    @Test
    void a_kept_outcome_leaves_a_claim_another_node_took_over_past_the_lease_to_that_node() throws Exception {
        completeWhileTheStoreIsGone();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(otherNode.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.Acquired.class);
        proxy.heal();

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            node.storeAwaiting();
            return node.awaiting() == 0;
        });
        assertThat(otherNode.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.InProgress.class);
    }

    /**
     * A claim sent to a store that hung timed out, its request was answered 503, and the store wrote it once it
     * answered again: another node's retry got 409 until the claim's lease was over (tester 54).
     */
    @Test
    void a_claim_the_store_wrote_after_its_request_was_answered_is_released_once_the_store_is_back()
            throws Exception {
        proxy.freeze();
        assertThatThrownBy(() -> node.claim("k", "ana", "key", "request-1")).isInstanceOf(MongoException.class);
        proxy.thaw();
        await().atMost(Duration.ofSeconds(10)).until(() -> EmbeddedMongo.client().getDatabase(database)
                .getCollection(IdempotencyStore.COLLECTION).countDocuments() == 1);
        assertThat(otherNode.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.InProgress.class);

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> node.storeAwaiting() == 1);
        assertThat(otherNode.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.Acquired.class);
    }

    @Test
    void an_outcome_kept_past_its_key_s_lifetime_is_forgotten() throws Exception {
        completeWhileTheStoreIsGone();
        clock.advance(PROPERTIES.ttl().plusSeconds(1));

        assertThat(node.storeAwaiting()).isZero();
        assertThat(node.awaiting()).isZero();
    }

    @Test
    void the_writer_stores_kept_outcomes_by_itself_once_the_store_is_in_sight_again() throws Exception {
        AtomicBoolean inSight = new AtomicBoolean(false);
        completeWhileTheStoreIsGone();
        proxy.heal();

        try (AwaitingOutcomeWriter writer = new AwaitingOutcomeWriter(node, inSight::get, Duration.ofMillis(20))) {
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> node.awaiting() == 1);
            inSight.set(true);

            await().atMost(Duration.ofSeconds(20)).until(() -> node.awaiting() == 0);
        }
        assertThat(otherNode.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.Completed.class);
    }

    @Test
    void a_stop_with_the_store_in_sight_stores_what_is_kept_before_it_goes() throws Exception {
        completeWhileTheStoreIsGone();
        proxy.heal();
        await().atMost(Duration.ofSeconds(20)).until(() -> behindProxy.getClusterDescription().hasWritableServer());

        new AwaitingOutcomeWriter(node, () -> true, Duration.ofHours(1)).close();

        assertThat(node.awaiting()).isZero();
        assertThat(otherNode.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.Completed.class);
    }

    /** A run under the key of {@code node}, whose 201 the store does not take: it went as the run ended. */
    private void completeWhileTheStoreIsGone() throws Exception {
        node.claim("k", "ana", "key", "request-1");
        proxy.cut();
        assertThatThrownBy(() -> node.complete("k", CREATED)).isInstanceOf(MongoException.class);
    }
}
