package io.aftermath.app.query;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * A ticket's or release's {@code ETag} is its own stream's version, for {@code If-Match}. The page shows
 * more than that stream: a release's health and hotfixes change with its tickets' and hotfixes' events,
 * a ticket's history with the user updates that name it. Regression: Spring answered a GET whose
 * {@code If-None-Match} listed that version with 304, so a dashboard revalidating kept showing a release
 * with no tickets after one was reported.
 */
@AftermathHttpTest
class EtagIsNoCacheValidatorTest {

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
    void a_release_read_with_its_etag_shows_what_its_tickets_changed() {
        String releaseId = api.freshRelease();
        read("/api/releases/" + releaseId, "\"0\"").expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"0\"");

        api.reportTicket(releaseId, "Cart empties itself");

        read("/api/releases/" + releaseId, "\"0\"").expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"0\"")
                .expectBody().jsonPath("$.health.tickets").isEqualTo(1);
    }

    @Test
    void a_ticket_read_with_its_etag_listed_weakly_or_as_a_star_is_the_whole_answer() {
        String ticketId = api.reportTicket(api.freshRelease(), "Dates in US format");

        for (String ifNoneMatch : new String[] {"\"0\"", "W/\"0\"", "*", "\"7\", \"0\""}) {
            read("/api/tickets/" + ticketId, ifNoneMatch).expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ETAG, "\"0\"")
                    .expectBody().jsonPath("$.title").isEqualTo("Dates in US format");
        }
    }

    /** Once the projections have processed everything written so far. */
    private WebTestClient.ResponseSpec read(String path, String ifNoneMatch) {
        return client.get().uri(path + "?after=" + ledger.head())
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch)
                .exchange();
    }
}
