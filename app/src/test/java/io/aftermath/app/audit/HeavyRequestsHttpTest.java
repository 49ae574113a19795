package io.aftermath.app.audit;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.web.admission.HeavyRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;

/**
 * Log exports, verifications, replays, checkpoints and backups run a few at a time on a node; past its places and
 * queue they are 503 OVERLOADED (tester 51: ten exports, four verifications and a search rebuild at once
 * exhausted a 512 MB heap, and the node answered nothing). The one place here is held by a timeline read
 * waiting for a position the log never reaches, which this test declares heavy: it lasts until its
 * client goes away.
 */
@AftermathHttpTest
@Import(HeavyRequestsHttpTest.WaitingReadsAreHeavy.class)
@TestPropertySource(properties = {"aftermath.web.heavy-requests.concurrency=1", "aftermath.web.heavy-requests.queue=0",
        "aftermath.query.read-your-writes.timeout=5m"})
class HeavyRequestsHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    MeterRegistry meters;
    @LocalServerPort
    int port;

    @TestConfiguration
    static class WaitingReadsAreHeavy {

        @Bean
        HeavyRoutes timelines() {
            return new HeavyRoutes(HttpMethod.GET, List.of("/api/releases/{releaseId}/timeline"));
        }
    }

    @Test
    void past_the_places_every_heavy_route_is_refused_and_the_rest_is_answered_until_a_place_frees() {
        String releaseId = new Api(client).freshRelease();
        Disposable waiting = WebClient.create("http://localhost:" + port).get()
                .uri("/api/releases/" + releaseId + "/timeline?after=" + Long.MAX_VALUE / 2)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .retrieve().toBodilessEntity().subscribe();
        await().atMost(Duration.ofSeconds(10)).until(() -> running() == 1.0);

        for (String heavy : List.of("/api/events", "/api/audit/verify", "/api/releases/" + releaseId + "/replay",
                "/api/releases/" + releaseId + "/events")) {
            WebTestClient.ResponseSpec refused = request(HttpMethod.GET, TestUsers.AUDITOR, heavy);
            refused.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5");
            Map<String, Object> problem = assertProblem(refused, 503, "OVERLOADED");
            assertThat(problem.get("detail")).asString().contains("it takes at once, 1, and 0 more are waiting");
        }
        request(HttpMethod.HEAD, TestUsers.AUDITOR, "/api/events").expectStatus().isEqualTo(503);
        assertProblem(request(HttpMethod.POST, TestUsers.ADMIN, "/api/admin/checkpoint"), 503, "OVERLOADED");
        assertProblem(request(HttpMethod.POST, TestUsers.ADMIN, "/api/admin/backup"), 503, "OVERLOADED");
        request(HttpMethod.GET, TestUsers.AUDITOR, "/api/releases/" + releaseId).expectStatus().isOk();
        assertThat(request(HttpMethod.GET, TestUsers.ADMIN, "/actuator/prometheus")
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .contains("aftermath_heavy_requests_running{application=\"aftermath\"} 1.0")
                .contains("aftermath_heavy_requests_refused_total{application=\"aftermath\"} 7.0");

        waiting.dispose();

        await().atMost(Duration.ofSeconds(10)).until(() -> running() == 0.0);
        request(HttpMethod.GET, TestUsers.AUDITOR, "/api/events?limit=1").expectStatus().isOk();
        // The place is given back just after the answer's last byte: with no queue, a request sent at once may miss it.
        await().atMost(Duration.ofSeconds(10)).until(() -> running() == 0.0);
        request(HttpMethod.GET, TestUsers.AUDITOR, "/api/releases/" + releaseId + "/replay").expectStatus().isOk();
    }

    private double running() {
        return meters.get("aftermath.heavy.requests.running").gauge().value();
    }

    private WebTestClient.ResponseSpec request(HttpMethod method, String user, String path) {
        return client.method(method).uri(path).headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD)).exchange();
    }
}
