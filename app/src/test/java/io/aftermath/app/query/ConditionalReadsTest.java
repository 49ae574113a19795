package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * Conditional reads (RFC 9110 §13.1.2): a client that holds a ticket's or release's {@code ETag} sends
 * it as {@code If-None-Match} and gets 304 without a body while nothing changed, the whole answer once
 * something did. Comparison is weak, so {@code W/"1"} matches {@code "1"}.
 */
@AftermathHttpTest
class ConditionalReadsTest {

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine ledger;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    @Test
    void a_ticket_read_again_with_its_etag_is_304_without_a_body_until_it_changes() {
        String ticketId = api.reportTicket(api.freshRelease(), "Cart empties itself");
        api.prioritise(ticketId, "S3", "LOW");
        String path = "/api/tickets/" + ticketId;

        EntityExchangeResult<byte[]> notModified = read(path, "\"1\"").expectStatus().isNotModified()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectHeader().exists("X-Aftermath-Read-Position")
                .expectHeader().doesNotExist("X-Aftermath-Stale")
                .expectBody().returnResult();
        assertThat(notModified.getResponseBody()).isNullOrEmpty();

        api.prioritise(ticketId, "S1", "HIGH");
        read(path, "\"1\"").expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody().jsonPath("$.priority").isEqualTo("P1");
    }

    @Test
    void a_release_read_again_with_its_etag_is_304() {
        String releaseId = api.freshRelease();

        read("/api/releases/" + releaseId, "\"0\"").expectStatus().isNotModified()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"0\"");
        api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/action-items",
                Map.of("title", "Alert on checkout errors", "owner", "dana")).expectStatus().isCreated();
        read("/api/releases/" + releaseId, "\"0\"").expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
    }

    @Test
    void any_listed_tag_a_weak_one_or_a_star_matches_and_another_version_does_not() {
        String ticketId = api.reportTicket(api.freshRelease(), "Dates in US format");
        String path = "/api/tickets/" + ticketId;

        read(path, "\"7\", \"0\"").expectStatus().isNotModified();
        read(path, "W/\"0\"").expectStatus().isNotModified();
        read(path, "*").expectStatus().isNotModified();
        read(path, "\"7\", W/\"8\"").expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"0\"");
    }

    @Test
    void an_unknown_ticket_is_still_404_whatever_if_none_match_says() {
        read("/api/tickets/no-such-ticket", "*").expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("TICKET_NOT_FOUND");
    }

    /** Once the projections have processed everything written so far. */
    private WebTestClient.ResponseSpec read(String path, String ifNoneMatch) {
        return client.get().uri(path + "?after=" + ledger.head())
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch)
                .exchange();
    }
}
