package io.aftermath.app.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.query.support.ReadClient;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;

@QueryHttpTest
class ReadYourWritesHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    Writes writes;
    @Autowired
    ReadClient reads;

    @Test
    void the_position_can_be_given_as_a_header_too() {
        String ticket = writes.report(writes.release(Ids.service("ryw"), "1.0"), "Seen at once");

        client.get().uri("/api/tickets/" + ticket)
                .headers(h -> {
                    h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD);
                    h.set("X-Aftermath-After", Long.toString(writes.position()));
                })
                .exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("X-Aftermath-Stale")
                .expectBody().jsonPath("$.title").isEqualTo("Seen at once");
    }

    @Test
    void a_position_not_reached_in_time_answers_with_what_there_is_marked_stale() {
        String ticket = writes.report(writes.release(Ids.service("stale"), "1.0"), "Exists");

        reads.getAfter("/api/tickets/" + ticket, writes.position() + 1_000_000)
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Aftermath-Stale", "true")
                .expectBody().jsonPath("$.title").isEqualTo("Exists");
    }

    /** Before, such a 404 carried neither header, so a write not yet read looked as if it did not exist. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/tickets/t-not-yet", "/api/releases/not-yet@1.0", "/api/releases/not-yet@1.0/timeline"})
    void nothing_found_where_a_position_was_not_reached_in_time_is_a_stale_404(String path) {
        writes.release(Ids.service("stale404"), "1.0");

        reads.getAfter(path, writes.position() + 1_000_000)
                .expectStatus().isNotFound()
                .expectHeader().valueEquals("X-Aftermath-Stale", "true")
                .expectHeader().exists("X-Aftermath-Read-Position");
    }

    /**
     * Every read that waits for a position takes the larger of {@code ?after=} and the header. Before:
     * the parameter won even when lower, and the read answered at once without the write.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/triage", "/api/tickets/{ticket}", "/api/releases", "/api/releases/{release}",
            "/api/releases/{release}/timeline", "/api/postmortems"})
    void a_lower_parameter_does_not_lower_the_position_the_header_asks_for(String template) {
        String release = writes.release(Ids.service("larger"), "1.0");
        String ticket = writes.report(release, "Behind the header");
        String path = template.replace("{release}", release).replace("{ticket}", ticket);

        client.get().uri(path + "?after=1")
                .headers(h -> {
                    h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD);
                    h.set("X-Aftermath-After", Long.toString(writes.position() + 1_000_000));
                })
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Aftermath-Stale", "true");
    }

    @Test
    void a_position_that_is_not_a_number_is_refused() {
        reads.get("/api/triage?after=-3").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }
}
