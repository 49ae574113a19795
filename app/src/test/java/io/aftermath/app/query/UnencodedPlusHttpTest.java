package io.aftermath.app.query;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.support.TestUsers;

/**
 * An instant's offset written with an unencoded '+' arrives as a space ("04:00:00 02:00"), and the refusal says how
 * to send it. Before, it said only that the value was not an ISO-8601 instant, which it looked like.
 */
@QueryHttpTest
class UnencodedPlusHttpTest {

    private static final String HINT = "; a '+' in a URL query must be written %2B";

    @Autowired
    WebTestClient client;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "/api/releases/r@1.0/replay?at | 2026-12-03T04:00:00+02:00 "
                    + "| at must be an ISO-8601 instant, e.g. 2026-11-17T10:00:00Z" + HINT,
            "/api/releases/r@1.0/replay?at | 2026-12-03T04:00:00.5+0200 "
                    + "| at must be an ISO-8601 instant, e.g. 2026-11-17T10:00:00Z" + HINT,
            "/api/releases/r@1.0/replay?at | yesterday | at must be an ISO-8601 instant, e.g. 2026-11-17T10:00:00Z",
            "/api/releases/r@1.0/events?at | 2026-12-03T04:00:00+02:00 "
                    + "| at must be an ISO-8601 instant, e.g. 2026-11-17T10:00:00Z" + HINT,
            "/api/postmortems?from | 2026-12-03T04:00+02:00 "
                    + "| from must be an ISO-8601 instant or date, got 2026-12-03T04:00 02:00" + HINT,
            "/api/postmortems?to | 2026-12-03T04:00:00+02:00 "
                    + "| to must be an ISO-8601 instant or date, got 2026-12-03T04:00:00 02:00" + HINT,
            "/api/postmortems?to | 2026-12-03 04:00 | to must be an ISO-8601 instant or date, got 2026-12-03 04:00",
            "/api/triage?releaseId | plus@1.0.0 build5 | releaseId must be a release id, service@version" + HINT,
            "/api/audit/verify?releaseId | plus@1.0.0 build5 | releaseId must be a release id, service@version" + HINT,
            "/api/triage?releaseId | plus@1.0 0 0 | releaseId must be a release id, service@version" + HINT,
            "/api/triage?releaseId | plus 1.0 | releaseId must be a release id, service@version"})
    void a_space_where_an_offset_sign_would_be_is_refused_saying_how_to_send_a_plus(String query, String unencoded,
                                                                                    String detail) {
        client.get().uri(URI.create(query + "=" + unencoded.replace(" ", "%20")))
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").isEqualTo(detail);
    }
}
