package io.aftermath.app.command.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * Waits until every projection serves the whole log, through {@code GET /api/admin/projections}. Tests
 * that append hundreds of events call it when they finish, so the tests after them in the shared
 * context do not start behind a backlog they never wrote.
 */
public final class SettledProjections {

    private SettledProjections() {
    }

    @SuppressWarnings("unchecked")
    public static void await(WebTestClient client, MongoLedgerStorageEngine ledger) {
        long head = ledger.head();
        Awaitility.await("projections to serve position " + head).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    List<Map<String, Object>> projections = client.get().uri("/api/admin/projections")
                            .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                            .exchange().expectStatus().isOk()
                            .expectBody(List.class).returnResult().getResponseBody();
                    return projections.stream().allMatch(p -> ((Number) p.get("served")).longValue() >= head);
                });
    }
}
