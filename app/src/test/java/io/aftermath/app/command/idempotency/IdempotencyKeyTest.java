package io.aftermath.app.command.idempotency;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.LedgerHead;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.web.idempotency.IdempotencyFilter;
import io.aftermath.shared.web.idempotency.IdempotencyStore;
import io.aftermath.shared.web.idempotency.StoredResponse;
import reactor.core.publisher.Flux;

@AftermathHttpTest
class IdempotencyKeyTest {

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine ledger;
    @Autowired
    IdempotencyStore store;
    @Autowired
    MongoDatabase database;
    @LocalServerPort
    int port;
    Api api;
    String releaseId;
    String key;

    @BeforeEach
    void setUp() {
        api = new Api(client);
        releaseId = api.freshRelease();
        key = UUID.randomUUID().toString();
    }

    @Test
    void a_retry_with_the_same_key_gets_the_first_response_and_appends_nothing() {
        Map<String, Object> body = report("Checkout fails");
        LedgerHead head = LedgerHead.remember(ledger);

        EntityExchangeResult<byte[]> first = send(TestUsers.REPORTER, key, body);
        EntityExchangeResult<byte[]> retry = send(TestUsers.REPORTER, key, body);

        assertThat(head.grownBy()).isEqualTo(1);
        assertThat(retry.getStatus().value()).isEqualTo(201);
        assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(retry.getResponseHeaders().getFirst("X-Aftermath-Position"))
                .isEqualTo(first.getResponseHeaders().getFirst("X-Aftermath-Position"));
        assertThat(retry.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation());
        assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
    }

    @Test
    void the_same_key_on_a_different_request_is_422_idempotency_key_reused() {
        send(TestUsers.REPORTER, key, report("Checkout fails"));
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(api.post(TestUsers.REPORTER, "/api/tickets", report("Something else"),
                headers -> headers.set("Idempotency-Key", key)), 422, "IDEMPOTENCY_KEY_REUSED");

        head.assertUnchanged();
    }

    @Test
    void keys_are_scoped_per_user() {
        LedgerHead head = LedgerHead.remember(ledger);

        send(TestUsers.REPORTER, key, report("Checkout fails"));
        send(TestUsers.TRIAGER, key, report("Checkout fails"));

        assertThat(head.grownBy()).isEqualTo(2);
    }

    @Test
    void a_refused_request_is_stored_too_so_its_retry_is_refused_the_same_way_without_running_again() {
        String ticketId = api.reportTicket(releaseId, "Slow search");
        Map<String, Object> assign = Map.of("assignee", "dana");
        EntityExchangeResult<byte[]> refused = client.post().uri("/api/tickets/" + ticketId + "/assign")
                .headers(h -> h.setBasicAuth(TestUsers.TRIAGER, TestUsers.PASSWORD))
                .header("Idempotency-Key", key).bodyValue(assign).exchange()
                .expectStatus().isEqualTo(409).expectBody().returnResult();
        api.prioritise(ticketId, "S3", "LOW");
        LedgerHead head = LedgerHead.remember(ledger);

        EntityExchangeResult<byte[]> retry = client.post().uri("/api/tickets/" + ticketId + "/assign")
                .headers(h -> h.setBasicAuth(TestUsers.TRIAGER, TestUsers.PASSWORD))
                .header("Idempotency-Key", key).bodyValue(assign).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult();

        assertThat(retry.getResponseBody()).isEqualTo(refused.getResponseBody());
        head.assertUnchanged();
    }

    @Test
    void the_same_json_with_other_member_order_and_spacing_is_the_same_request() {
        LedgerHead head = LedgerHead.remember(ledger);

        EntityExchangeResult<byte[]> first = sendRaw(key,
                "{\"releaseId\":\"" + releaseId + "\",\"title\":\"t\",\"description\":\"d\"}")
                .expectStatus().isCreated().expectBody().returnResult();
        EntityExchangeResult<byte[]> retry = sendRaw(key,
                "{\n  \"description\": \"d\",\n  \"title\" : \"t\",\n  \"releaseId\": \"" + releaseId + "\"\n}\n")
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().returnResult();

        assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(head.grownBy()).isEqualTo(1);
    }

    /** Every client draws a new boundary per request, so a retried upload was 422 IDEMPOTENCY_KEY_REUSED. */
    @Test
    void the_same_multipart_upload_with_another_boundary_is_the_same_request() {
        String document = "---\nuuid: " + UUID.randomUUID() + "\ntitle: Uploaded twice\ncompany: Quill\n---\nBody.\n";
        LedgerHead head = LedgerHead.remember(ledger);

        EntityExchangeResult<byte[]> first = upload("first-boundary", document)
                .expectStatus().isOk().expectBody().jsonPath("$.imported").isEqualTo(1).returnResult();
        EntityExchangeResult<byte[]> retry = upload("retry-boundary", document)
                .expectStatus().isOk()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().returnResult();

        assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(head.grownBy()).isEqualTo(1);
    }

    @Test
    void a_key_stored_before_multipart_was_made_canonical_still_replays_its_answer_to_the_same_bytes() {
        String id = IdempotencyFilter.claimId(TestUsers.RESPONDER, key);
        store.claim(id, TestUsers.RESPONDER, key, IdempotencyFilter.fingerprint("POST", "/api/postmortems/import",
                multipart("stored-boundary", "# Earlier\n").getBytes(StandardCharsets.UTF_8)));
        store.complete(id, new StoredResponse(200, Map.of(), "{\"imported\":1}".getBytes(StandardCharsets.UTF_8)));
        LedgerHead head = LedgerHead.remember(ledger);

        upload("stored-boundary", "# Earlier\n").expectStatus().isOk()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().json("{\"imported\":1}");

        head.assertUnchanged();
    }

    @Test
    void a_key_stored_before_json_was_made_canonical_still_replays_its_answer() {
        String body = "{\"releaseId\":\"" + releaseId + "\",\"title\":\"t\",\"description\":\"d\"}";
        String id = IdempotencyFilter.claimId(TestUsers.REPORTER, key);
        store.claim(id, TestUsers.REPORTER, key,
                IdempotencyFilter.fingerprint("POST", "/api/tickets", body.getBytes(StandardCharsets.UTF_8)));
        store.complete(id, new StoredResponse(201, Map.of(), "{\"ticketId\":\"earlier\"}".getBytes(StandardCharsets.UTF_8)));
        LedgerHead head = LedgerHead.remember(ledger);

        sendRaw(key, body).expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().jsonPath("$.ticketId").isEqualTo("earlier");

        head.assertUnchanged();
    }

    @Test
    void a_request_refused_as_invalid_leaves_the_key_free_for_the_corrected_request() {
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(sendRaw(key, "{\"releaseId\":\"" + releaseId + "\",\"title\":\"bad\"}"),
                400, "VALIDATION_FAILED");
        head.assertUnchanged();
        sendRaw(key, "{\"releaseId\":\"" + releaseId + "\",\"title\":\"bad\",\"description\":\"d\"}")
                .expectStatus().isCreated()
                .expectHeader().doesNotExist("Idempotent-Replayed");

        assertThat(head.grownBy()).isEqualTo(1);
    }

    @Test
    void a_request_refused_as_unreadable_leaves_the_key_free_for_the_corrected_request() {
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(sendRaw(key, "{\"releaseId\":\"" + releaseId + "\",\"title\":"), 400, "MALFORMED_REQUEST");
        sendRaw(key, "{\"releaseId\":\"" + releaseId + "\",\"title\":\"t\",\"description\":\"d\"}")
                .expectStatus().isCreated();

        assertThat(head.grownBy()).isEqualTo(1);
    }

    /** Before, the command ran, the answer was 406, and the retry under the key (left free) ran it again. */
    @Test
    void a_write_whose_accept_admits_no_json_is_refused_before_it_runs_and_leaves_the_key_free() {
        LedgerHead head = LedgerHead.remember(ledger);
        String json = "{\"releaseId\":\"" + releaseId + "\",\"title\":\"t\",\"description\":\"d\"}";

        assertProblem(api.post(TestUsers.REPORTER, "/api/tickets", json.getBytes(StandardCharsets.UTF_8),
                (HttpHeaders headers) -> {
                    headers.set("Idempotency-Key", key);
                    headers.set(HttpHeaders.ACCEPT, "text/html");
                }), 406, "NOT_ACCEPTABLE");
        // Tester 38: the most specific range decides (was written), and an unreadable one is 406 (was 415).
        for (String refusing : List.of("application/json;q=0, */*", "garbage///")) {
            assertProblem(api.post(TestUsers.REPORTER, "/api/tickets", json.getBytes(StandardCharsets.UTF_8),
                    (HttpHeaders headers) -> {
                        headers.set("Idempotency-Key", key);
                        headers.set(HttpHeaders.ACCEPT, refusing);
                    }), 406, "NOT_ACCEPTABLE");
        }
        head.assertUnchanged();
        api.post(TestUsers.REPORTER, "/api/tickets", json.getBytes(StandardCharsets.UTF_8),
                (HttpHeaders headers) -> {
                    headers.set("Idempotency-Key", key);
                    headers.set(HttpHeaders.ACCEPT, "text/html;q=0.9, application/*;q=0.5");
                })
                .expectStatus().isCreated()
                .expectHeader().doesNotExist("Idempotent-Replayed");

        assertThat(head.grownBy()).isEqualTo(1);
    }

    @Test
    void a_refusal_decided_by_the_ledger_is_kept_and_replayed_even_once_the_ledger_would_accept() {
        String service = Ids.service("ghost");
        String body = "{\"releaseId\":\"" + service + "@1.0.0\",\"title\":\"t\",\"description\":\"d\"}";
        byte[] refused = sendRaw(key, body).expectStatus().isEqualTo(422)
                .expectHeader().doesNotExist("Idempotent-Replayed")
                .expectBody().returnResult().getResponseBody();
        api.registerRelease(service, "1.0.0");
        LedgerHead head = LedgerHead.remember(ledger);

        EntityExchangeResult<byte[]> retry = sendRaw(key, body).expectStatus().isEqualTo(422)
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().returnResult();

        assertThat(retry.getResponseBody()).isEqualTo(refused);
        head.assertUnchanged();
    }

    @Test
    void concurrent_duplicates_run_once_and_all_get_the_same_answer() {
        Map<String, Object> body = report("Everything is on fire");
        LedgerHead head = LedgerHead.remember(ledger);
        WebClient web = WebClient.create("http://localhost:" + port);

        List<ResponseEntity<String>> responses = Flux.range(0, 8)
                .flatMap(i -> web.post().uri("/api/tickets")
                        .headers(h -> h.setBasicAuth(TestUsers.REPORTER, TestUsers.PASSWORD))
                        .header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                        .exchangeToMono(response -> response.toEntity(String.class)))
                .collectList().block();

        assertThat(head.grownBy()).isEqualTo(1);
        assertThat(responses).extracting(ResponseEntity::getStatusCode).allMatch(status -> status.value() == 201);
        assertThat(responses).extracting(ResponseEntity::getBody).containsOnly(responses.get(0).getBody());
    }

    @Test
    void a_duplicate_of_a_request_still_running_waits_briefly_then_is_409() {
        String body = "{\"releaseId\":\"" + releaseId + "\",\"title\":\"t\",\"description\":\"d\"}";
        store.claim(IdempotencyFilter.claimId(TestUsers.REPORTER, key), TestUsers.REPORTER, key,
                IdempotencyFilter.fingerprint("POST", "/api/tickets", MediaType.APPLICATION_JSON,
                        body.getBytes(StandardCharsets.UTF_8)));
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(client.post().uri("/api/tickets")
                .headers(h -> h.setBasicAuth(TestUsers.REPORTER, TestUsers.PASSWORD))
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectHeader().valueEquals("Retry-After", "5"), 409, "IDEMPOTENCY_KEY_IN_PROGRESS");

        head.assertUnchanged();
    }

    /**
     * Each as it reaches the server: a header's bytes are read as ISO-8859-1, so "ключ" sent as UTF-8 (as curl
     * sends it) holds C1 controls, which Spring Security's firewall refuses before the idempotency filter sees
     * the key. That refusal said "must not contain control characters", which the key as typed did not.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedKeys")
    void every_key_that_is_not_a_short_visible_token_is_400_with_the_one_rule_keys_follow(String key) {
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(api.post(TestUsers.REPORTER, "/api/tickets", report("t"),
                headers -> headers.set("Idempotency-Key", key)), 400, "VALIDATION_FAILED");

        assertThat(problem).containsEntry("detail", "Invalid Idempotency-Key");
        assertThat(problem.get("errors")).asList().singleElement()
                .hasFieldOrPropertyWithValue("field", "Idempotency-Key")
                .hasFieldOrPropertyWithValue("message", "must be 1 to 255 visible ASCII characters");
        head.assertUnchanged();
    }

    static Stream<Named<String>> refusedKeys() {
        return Stream.of(Named.of("300 characters", "x".repeat(300)), Named.of("empty", ""),
                Named.of("a space", "a b"), Named.of("ключ in UTF-8", asSent("ключ")), Named.of("é in UTF-8", asSent("é")),
                Named.of("a C1 control", "k\u0085x"));
    }

    private static String asSent(String typed) {
        return new String(typed.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /**
     * The embedded store makes a key's record durable at its next commit, so a kill -9 just after the
     * answer can lose it while the ledger keeps the event. Before, the retry drew a new request id, hence
     * a new ticket id, and reported the ticket a second time; a repeated priority was recorded twice.
     */
    @Test
    void a_retry_whose_key_record_was_lost_answers_as_the_first_run_and_appends_nothing() {
        String ticket = new String(send(TestUsers.REPORTER, key, report("Lost key")).getResponseBody(),
                StandardCharsets.UTF_8);
        String prioritiseKey = UUID.randomUUID().toString();
        String ticketId = ticket.replaceAll(".*\"ticketId\":\"([^\"]+)\".*", "$1");
        Map<String, Object> priority = Map.of("severity", "S2", "urgency", "HIGH", "reason", "checkout");
        api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/prioritise", priority,
                headers -> headers.set("Idempotency-Key", prioritiseKey)).expectStatus().isOk();
        LedgerHead head = LedgerHead.remember(ledger);

        database.getCollection(IdempotencyStore.COLLECTION).deleteMany(Filters.in("key", key, prioritiseKey));

        assertThat(new String(send(TestUsers.REPORTER, key, report("Lost key")).getResponseBody(), StandardCharsets.UTF_8))
                .isEqualTo(ticket);
        api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/prioritise", priority,
                headers -> headers.set("Idempotency-Key", prioritiseKey)).expectStatus().isOk()
                .expectBody().jsonPath("$.priority").isEqualTo("P1");
        head.assertUnchanged();
    }

    @Test
    void without_a_key_every_request_runs() {
        LedgerHead head = LedgerHead.remember(ledger);

        api.post(TestUsers.REPORTER, "/api/tickets", report("Twice")).expectStatus().isCreated();
        api.post(TestUsers.REPORTER, "/api/tickets", report("Twice")).expectStatus().isCreated();

        assertThat(head.grownBy()).isEqualTo(2);
    }

    private Map<String, Object> report(String title) {
        return Map.of("releaseId", releaseId, "title", title, "description", "details");
    }

    private WebTestClient.ResponseSpec sendRaw(String idempotencyKey, String json) {
        return api.post(TestUsers.REPORTER, "/api/tickets", json.getBytes(StandardCharsets.UTF_8),
                (HttpHeaders headers) -> headers.set("Idempotency-Key", idempotencyKey));
    }

    private WebTestClient.ResponseSpec upload(String boundary, String markdown) {
        return client.post().uri("/api/postmortems/import")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .header("Idempotency-Key", key)
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
                .bodyValue(multipart(boundary, markdown).getBytes(StandardCharsets.UTF_8))
                .exchange();
    }

    private static String multipart(String boundary, String markdown) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"pm.md\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n" + markdown + "\r\n--" + boundary + "--\r\n";
    }

    private EntityExchangeResult<byte[]> send(String user, String idempotencyKey, Map<String, Object> body) {
        return api.post(user, "/api/tickets", body, (HttpHeaders headers) -> headers.set("Idempotency-Key", idempotencyKey))
                .expectStatus().isCreated()
                .expectBody().returnResult();
    }
}
