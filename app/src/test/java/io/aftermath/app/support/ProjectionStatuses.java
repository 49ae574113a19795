package io.aftermath.app.support;

import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A projection's entry of {@code GET /api/admin/projections} as its JSON reads, null fields included. */
public final class ProjectionStatuses {

    private ProjectionStatuses() {
    }

    public static Map<String, Object> of(WebTestClient node, String projection) {
        List<Map<String, Object>> statuses = node.get().uri("/api/admin/projections")
                .headers(headers -> headers.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { })
                .returnResult().getResponseBody();
        return statuses.stream().filter(status -> projection.equals(status.get("name"))).findFirst().orElseThrow();
    }
}
