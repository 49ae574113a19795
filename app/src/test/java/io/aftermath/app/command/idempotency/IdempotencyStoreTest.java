package io.aftermath.app.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.aftermath.app.support.FreezingProxy;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;
import io.aftermath.shared.web.idempotency.Claim;
import io.aftermath.shared.web.idempotency.ExpiredKeySweeper;
import io.aftermath.shared.web.idempotency.IdempotencyProperties;
import io.aftermath.shared.web.idempotency.IdempotencyStore;
import io.aftermath.shared.web.idempotency.IdempotentRequest;
import io.aftermath.shared.web.idempotency.StoredResponse;

class IdempotencyStoreTest {

    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
    private static final IdempotencyProperties PROPERTIES = new IdempotencyProperties(Duration.ofHours(24),
            Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofHours(1));

    private final MutableClock clock = new MutableClock(START);
    private final MongoDatabase database = EmbeddedMongo.freshDatabase();
    private final IdempotencyStore store = new IdempotencyStore(database, clock, PROPERTIES);

    @Test
    void the_first_claim_wins_and_a_duplicate_sees_it_in_progress() {
        assertThat(store.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.Acquired.class);
        assertThat(store.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.InProgress.class);
    }

    @Test
    void a_completed_claim_answers_with_the_stored_response() {
        store.claim("k", "ana", "key", "request-1");
        store.complete("k", new StoredResponse(201, Map.of("Location", List.of("/api/tickets/t-1")),
                "{\"ticketId\":\"t-1\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(store.claim("k", "ana", "key", "request-1")).isInstanceOfSatisfying(Claim.Completed.class, done -> {
            assertThat(done.response().status()).isEqualTo(201);
            assertThat(done.response().headers()).containsEntry("Location", List.of("/api/tickets/t-1"));
            assertThat(new String(done.response().body(), StandardCharsets.UTF_8)).isEqualTo("{\"ticketId\":\"t-1\"}");
        });
    }

    @Test
    void the_same_key_for_another_request_is_a_mismatch() {
        store.claim("k", "ana", "key", "request-1");

        assertThat(store.claim("k", "ana", "key", "request-2")).isInstanceOf(Claim.Mismatch.class);
    }

    @Test
    void a_key_held_under_the_former_fingerprint_of_the_request_is_the_same_request() {
        store.claim("k", "ana", "key", "raw-bytes");
        store.complete("k", new StoredResponse(201, Map.of(), new byte[0]));

        assertThat(store.claim("k", "ana", "key", "canonical", "raw-bytes")).isInstanceOf(Claim.Completed.class);
        assertThat(store.claim("k", "ana", "key", "canonical", "other-bytes")).isInstanceOf(Claim.Mismatch.class);
    }

    /**
     * Tester 51: a claim sent to a store that hung timed out, the request was answered 503, and the store
     * wrote the claim once it answered again: every retry got 409 until the claim's lease was over (2 min).
     */
    @Test
    void a_claim_this_node_left_when_the_store_hung_is_taken_over_at_once_by_the_retry() throws Exception {
        String database = "idempotency-" + UUID.randomUUID();
        String embedded = new ConnectionString(EmbeddedMongo.connectionString()).getHosts().get(0);
        try (FreezingProxy proxy = FreezingProxy.to(Integer.parseInt(embedded.substring(embedded.indexOf(':') + 1)));
             MongoClient hanging = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + proxy.port()))
                     .applyToSocketSettings(socket -> socket.readTimeout(500, TimeUnit.MILLISECONDS)).build())) {
            IdempotencyStore node = new IdempotencyStore(hanging.getDatabase(database), clock, PROPERTIES);
            IdempotencyStore otherNode = new IdempotencyStore(EmbeddedMongo.client().getDatabase(database), clock,
                    PROPERTIES);
            proxy.freeze();

            assertThatThrownBy(() -> node.claim("k", "ana", "key", "request-1"))
                    .isInstanceOf(MongoSocketReadTimeoutException.class);
            proxy.thaw();
            await().atMost(Duration.ofSeconds(10)).until(() -> EmbeddedMongo.client().getDatabase(database)
                    .getCollection(IdempotencyStore.COLLECTION).countDocuments() == 1);

            assertThat(otherNode.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.InProgress.class);
            assertThat(node.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.Acquired.class);
            assertThat(node.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.InProgress.class);
        }
    }

    @Test
    void a_released_claim_can_be_claimed_again() {
        store.claim("k", "ana", "key", "request-1");
        store.release("k");

        assertThat(store.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.Acquired.class);
    }

    @Test
    void after_a_day_a_key_is_forgotten_even_where_ttl_indexes_are_not_enforced() {
        store.claim("k", "ana", "key", "request-1");
        store.complete("k", new StoredResponse(200, Map.of(), new byte[0]));
        clock.advance(Duration.ofHours(24).plusSeconds(1));

        assertThat(store.claim("k", "ana", "key", "request-2")).isInstanceOf(Claim.Acquired.class);
    }

    @Test
    void forgetting_expired_keys_deletes_them_and_keeps_the_living() {
        store.claim("old", "ana", "key-1", "request-1");
        store.complete("old", new StoredResponse(200, Map.of(), new byte[0]));
        clock.advance(Duration.ofHours(12));
        store.claim("young", "ana", "key-2", "request-2");
        clock.advance(Duration.ofHours(12).plusSeconds(1));

        assertThat(store.forgetExpired()).isEqualTo(1);

        assertThat(storedIds()).containsExactly("young");
    }

    @Test
    void the_sweeper_forgets_expired_keys_on_its_own() throws InterruptedException {
        store.claim("old", "ana", "key-1", "request-1");
        clock.advance(Duration.ofHours(25));

        try (ExpiredKeySweeper sweeper = new ExpiredKeySweeper(store, Duration.ofMillis(20))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> storedIds().isEmpty());
        }
    }

    @Test
    void a_zero_interval_turns_sweeping_off() throws InterruptedException {
        store.claim("old", "ana", "key-1", "request-1");
        clock.advance(Duration.ofHours(25));

        try (ExpiredKeySweeper sweeper = new ExpiredKeySweeper(store, Duration.ZERO)) {
            assertThat(storedIds()).containsExactly("old");
        }
    }

    private List<String> storedIds() {
        return database.getCollection(IdempotencyStore.COLLECTION).find()
                .map(document -> document.getString("_id")).into(new ArrayList<>());
    }

    @Test
    void a_claim_left_unfinished_past_its_lease_is_taken_over() {
        store.claim("k", "ana", "key", "request-1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.InProgress.class);

        clock.advance(Duration.ofMinutes(2));

        assertThat(store.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.Acquired.class);
        assertThat(store.claim("k", "ana", "key", "request-1")).isInstanceOf(Claim.InProgress.class);
    }

    @Test
    void a_run_that_takes_over_keeps_the_request_id() {
        IdempotentRequest first = acquired(store.claim("k", "ana", "key", "request-1"));
        clock.advance(Duration.ofMinutes(3));

        IdempotentRequest takeover = acquired(store.claim("k", "ana", "key", "request-1"));

        assertThat(takeover.requestId()).isEqualTo(first.requestId());
    }

    /**
     * A claim lost with the process (released here) must give its retry the id of the run that may have
     * appended; before, each fresh claim drew a new one, and the retry created a second ticket.
     */
    @Test
    void a_claim_made_afresh_for_the_same_request_gets_the_same_request_id_and_another_request_another() {
        IdempotentRequest first = acquired(store.claim("k", "ana", "key", "request-1"));
        store.release("k");
        IdempotentRequest again = acquired(store.claim("k", "ana", "key", "request-1"));
        store.complete("k", new StoredResponse(200, Map.of(), new byte[0]));
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        IdempotentRequest afterExpiry = acquired(store.claim("k", "ana", "key", "request-1"));
        IdempotentRequest otherKey = acquired(store.claim("k2", "ana", "key2", "request-1"));
        store.release("k");
        IdempotentRequest otherRequest = acquired(store.claim("k", "ana", "key", "request-2"));

        assertThat(List.of(again.requestId(), afterExpiry.requestId())).containsOnly(first.requestId());
        assertThat(List.of(first.requestId(), otherKey.requestId(), otherRequest.requestId())).doesNotHaveDuplicates();
    }

    private static IdempotentRequest acquired(Claim claim) {
        assertThat(claim).isInstanceOf(Claim.Acquired.class);
        return ((Claim.Acquired) claim).request();
    }
}
