package io.aftermath.app.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Conditional writes (RFC 9110 §13.1.1): reads answer the aggregate's version as {@code ETag}, writes
 * sent with it as {@code If-Match} are refused with 412 once someone else wrote in between, and
 * nothing is appended then.
 */
@AftermathHttpTest
class ConditionalWritesTest {

    private static final Map<String, String> P1 = Map.of("severity", "S1", "urgency", "HIGH", "reason", "outage");
    private static final Map<String, String> P4 = Map.of("severity", "S4", "urgency", "LOW", "reason", "cosmetic");

    @Autowired
    WebTestClient client;
    @Autowired
    EventStore eventStore;
    @Autowired
    MongoLedgerStorageEngine ledger;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    @Test
    void a_ticket_read_carries_its_version_and_a_write_with_it_answers_the_next() {
        String ticketId = api.reportTicket(api.freshRelease(), "Cart empties itself");
        api.prioritise(ticketId, "S3", "LOW");

        String etag = read("/api/tickets/" + ticketId);
        assertThat(etag).isEqualTo("\"1\"");

        prioritise(ticketId, P1, ifMatch(etag))
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
        assertThat(events(ticketId)).isEqualTo(3);
    }

    @Test
    void a_create_answers_its_version_so_the_first_conditional_write_needs_no_read() {
        String service = Ids.service("etag");
        api.post(TestUsers.RESPONDER, "/api/releases", Map.of("service", service, "version", "1.0.0"))
                .expectStatus().isCreated().expectHeader().valueEquals(HttpHeaders.ETAG, "\"0\"");
        api.post(TestUsers.RESPONDER, "/api/releases", Map.of("service", service, "version", "1.0.1",
                        "hotfixOf", service + "@1.0.0"))
                .expectStatus().isCreated().expectHeader().valueEquals(HttpHeaders.ETAG, "\"0\"");
        EntityExchangeResult<Map> reported = api.post(TestUsers.REPORTER, "/api/tickets", Map.of(
                        "releaseId", service + "@1.0.0", "title", "Checkout hangs", "description", "Spinner forever"))
                .expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"0\"")
                .expectBody(Map.class).returnResult();
        String ticketId = (String) reported.getResponseBody().get("ticketId");

        prioritise(ticketId, P1, ifMatch(reported.getResponseHeaders().getETag()))
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
    }

    @Test
    void a_write_with_an_outdated_etag_is_412_and_appends_nothing() {
        String ticketId = api.reportTicket(api.freshRelease(), "Totals round wrongly");
        api.prioritise(ticketId, "S3", "LOW");
        String etag = read("/api/tickets/" + ticketId);
        prioritise(ticketId, P1, ifMatch(etag)).expectStatus().isOk();

        prioritise(ticketId, P4, ifMatch(etag))
                .expectStatus().isEqualTo(412)
                .expectHeader().contentType("application/problem+json")
                .expectHeader().doesNotExist(HttpHeaders.ETAG)
                .expectBody().jsonPath("$.code").isEqualTo("PRECONDITION_FAILED")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("version 2"));
        assertThat(events(ticketId)).isEqualTo(3);
    }

    @Test
    void of_two_writers_holding_the_same_etag_exactly_one_wins() {
        String ticketId = api.reportTicket(api.freshRelease(), "Coupons apply twice");
        api.prioritise(ticketId, "S2", "HIGH");
        String etag = read("/api/tickets/" + ticketId);

        List<Integer> statuses = Flux.just("ana", "bo")
                .flatMap(assignee -> Mono.fromCallable(() -> api.post(TestUsers.TRIAGER,
                                "/api/tickets/" + ticketId + "/assign", Map.of("assignee", assignee), ifMatch(etag))
                        .returnResult(String.class).getStatus().value()).subscribeOn(Schedulers.boundedElastic()))
                .collectList().block();

        assertThat(statuses).containsExactlyInAnyOrder(200, 412);
        assertThat(events(ticketId)).isEqualTo(3);
    }

    @Test
    void without_if_match_the_last_writer_still_wins_as_before() {
        String ticketId = api.reportTicket(api.freshRelease(), "Search ignores accents");

        api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/prioritise", P1)
                .expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
        api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/prioritise", P4)
                .expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
    }

    @Test
    void if_match_star_asks_only_that_the_ticket_exists() {
        String ticketId = api.reportTicket(api.freshRelease(), "Logo blurry");

        prioritise(ticketId, P4, ifMatch("*")).expectStatus().isOk();
        prioritise("no-such-ticket", P4, ifMatch("*")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("TICKET_NOT_FOUND");
    }

    @Test
    void a_weak_or_unreadable_if_match_is_400_naming_the_header() {
        String ticketId = api.reportTicket(api.freshRelease(), "Font too small");

        for (String header : List.of("W/\"0\"", "\"abc\"", "0", "\"0\" \"1\"")) {
            prioritise(ticketId, P4, ifMatch(header))
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                    .jsonPath("$.errors[0].field").isEqualTo("If-Match");
        }
        assertThat(events(ticketId)).isEqualTo(1);
    }

    @Test
    void any_of_several_etags_may_match() {
        String ticketId = api.reportTicket(api.freshRelease(), "Dates in US format");

        prioritise(ticketId, P4, ifMatch("\"7\", \"8\"")).expectStatus().isEqualTo(412);
        prioritise(ticketId, P4, ifMatch("\"7\", \"0\"")).expectStatus().isOk();
    }

    @Test
    void a_412_leaves_the_idempotency_key_free_for_the_corrected_retry() {
        String ticketId = api.reportTicket(api.freshRelease(), "Receipts missing VAT");
        String key = "ifmatch-" + ticketId;

        prioritise(ticketId, P1, ifMatch("\"5\"").andThen(headers -> headers.set("Idempotency-Key", key)))
                .expectStatus().isEqualTo(412);
        prioritise(ticketId, P1, ifMatch("\"0\"").andThen(headers -> headers.set("Idempotency-Key", key)))
                .expectStatus().isOk()
                .expectHeader().doesNotExist("Idempotent-Replayed")
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
    }

    @Test
    void reopening_and_marking_a_duplicate_check_the_ticket_they_address() {
        String releaseId = api.freshRelease();
        String canonical = api.reportTicket(releaseId, "Login loops");
        String duplicate = api.reportTicket(releaseId, "Cannot log in");

        api.post(TestUsers.TRIAGER, "/api/tickets/" + duplicate + "/mark-duplicate",
                        Map.of("canonicalTicketId", canonical), ifMatch("\"1\""))
                .expectStatus().isEqualTo(412);
        api.post(TestUsers.TRIAGER, "/api/tickets/" + duplicate + "/mark-duplicate",
                        Map.of("canonicalTicketId", canonical), ifMatch("\"0\""))
                .expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
        api.post(TestUsers.RESPONDER, "/api/tickets/" + duplicate + "/reopen", Map.of("reason", "not the same"),
                        ifMatch("\"0\""))
                .expectStatus().isEqualTo(412);
        api.post(TestUsers.RESPONDER, "/api/tickets/" + duplicate + "/reopen", Map.of("reason", "not the same"),
                        ifMatch("\"1\""))
                .expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
    }

    @Test
    void a_release_read_carries_its_version_and_its_retrospective_writes_check_it() {
        String releaseId = api.freshRelease();

        String etag = read("/api/releases/" + releaseId);
        assertThat(etag).isEqualTo("\"0\"");
        api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/close-retrospective",
                        Map.of("summary", "done"), ifMatch("\"3\""))
                .expectStatus().isEqualTo(412);
        api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/action-items",
                        Map.of("title", "Alert on checkout errors", "owner", "dana"), ifMatch(etag))
                .expectStatus().isCreated().expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
        api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/close-retrospective",
                        Map.of("summary", "done"), ifMatch(etag))
                .expectStatus().isEqualTo(412);
        assertThat(events(releaseId)).isEqualTo(2);
    }

    private WebTestClient.ResponseSpec prioritise(String ticketId, Map<String, String> body,
                                                  Consumer<HttpHeaders> headers) {
        return api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/prioritise", body, headers);
    }

    /** Reads once the projections have processed everything written so far. */
    private String read(String path) {
        return client.get().uri(path + "?after=" + ledger.head())
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getETag();
    }

    private static Consumer<HttpHeaders> ifMatch(String value) {
        return headers -> headers.set(HttpHeaders.IF_MATCH, value);
    }

    private long events(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream().count();
    }
}
