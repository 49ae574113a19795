package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.Status;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.Ids;

@QueryHttpTest
class ProjectionsHealthHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    Writes writes;
    @Autowired
    HealthEndpointGroups groups;

    @Test
    void a_node_whose_processors_follow_the_log_reports_its_projections_up() {
        writes.report(writes.release(Ids.service("health"), "1.0"), "Something");

        client.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.projections.status").isEqualTo("UP");
    }

    /** Tester 12: an orchestrator off Kubernetes found no liveness or readiness probe (404). */
    @Test
    void liveness_and_readiness_probes_answer_on_every_node() {
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.ledger.status").isEqualTo("UP");
    }

    /**
     * A processor held by a missing commit must show in the node's status without a 503: every node on
     * the log is held alike, and an orchestrator would only take them all out or restart them in a loop.
     */
    @Test
    void degraded_projections_rank_below_down_and_answer_200() {
        HealthEndpointGroup health = groups.getPrimary();
        Status degraded = new Status("DEGRADED");

        assertThat(health.getStatusAggregator().getAggregateStatus(Status.UP, degraded, Status.UNKNOWN))
                .isEqualTo(degraded);
        assertThat(health.getStatusAggregator().getAggregateStatus(degraded, Status.OUT_OF_SERVICE))
                .isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getHttpCodeStatusMapper().getStatusCode(degraded)).isEqualTo(200);
        assertThat(health.getHttpCodeStatusMapper().getStatusCode(Status.DOWN)).isEqualTo(503);
        assertThat(health.getHttpCodeStatusMapper().getStatusCode(Status.OUT_OF_SERVICE)).isEqualTo(503);
    }
}
