package io.aftermath.query.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.triage.TriageIndex;
import io.aftermath.shared.ledger.LedgerHole;
import io.aftermath.shared.ledger.LedgerObstacle;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.mongo.StoreSight;

class ProjectionsHealthIndicatorTest {

    private final ProjectionProgress progress = mock(ProjectionProgress.class);
    private final MongoLedgerStorageEngine engine = mock(MongoLedgerStorageEngine.class);
    private final StoreSight store = mock(StoreSight.class);
    private final ProjectionsHealthIndicator health = new ProjectionsHealthIndicator(
            new ProjectionAdmin(progress, mock(ProjectionRebuilds.class), engine, mock(TriageIndex.class),
                    new ReaderObstacles(progress, engine)), store);

    @BeforeEach
    void everyProcessorAtTheHeadOfALogInSight() {
        when(store.inSight()).thenReturn(true);
        when(engine.head()).thenReturn(922L);
        for (String name : ProjectionNames.ALL) {
            when(progress.segments(name)).thenReturn(new int[] {0});
            when(progress.processed(name)).thenReturn(922L);
        }
    }

    /** Before, only {@code /api/admin/projections} said so, and health stayed UP while the lag grew. */
    @Test
    void a_processor_stopped_by_a_missing_commit_degrades_health_and_says_where() {
        when(progress.segments(ProjectionNames.TIMELINES)).thenReturn(new int[] {0, 1});
        when(progress.processed(ProjectionNames.TIMELINES)).thenReturn(600L);
        when(engine.obstacleAt(600L)).thenReturn(Optional.of(LedgerObstacle.missing(new LedgerHole(600, 601))));

        Health result = health.health();

        assertThat(result.getStatus()).isEqualTo(ProjectionsHealthIndicator.DEGRADED);
        assertThat(result.getDetails()).containsOnlyKeys(ProjectionNames.TIMELINES, "verify");
        assertThat(result.getDetails().get(ProjectionNames.TIMELINES)).isEqualTo(new ProjectionsHealthIndicator.Stopped(
                600L, null, 600, 322, List.of(new ProjectionsHealthIndicator.Segment(0, 600),
                        new ProjectionsHealthIndicator.Segment(1, 600))));
        assertThat((String) result.getDetails().get("verify")).contains("/api/audit/verify");
    }

    /** Tester 39's log: a commit changed out of the ledger's shape left health UNKNOWN, its detail an exception. */
    @Test
    void a_processor_stopped_by_a_malformed_commit_degrades_health_and_says_where() {
        when(progress.processed(ProjectionNames.RELEASES)).thenReturn(600L);
        when(engine.obstacleAt(600L)).thenReturn(Optional.of(LedgerObstacle.malformed(605)));

        Health result = health.health();

        assertThat(result.getStatus()).isEqualTo(ProjectionsHealthIndicator.DEGRADED);
        assertThat(result.getDetails().get(ProjectionNames.RELEASES)).isEqualTo(new ProjectionsHealthIndicator.Stopped(
                null, 605L, 600, 322, List.of(new ProjectionsHealthIndicator.Segment(0, 600))));
    }

    /** A position still empty behind a commit written moments ago may be one in flight: holeAt says no hole. */
    @Test
    void a_processor_behind_the_head_with_nothing_missing_leaves_health_up() {
        when(progress.processed(ProjectionNames.TRIAGE)).thenReturn(600L);
        when(engine.obstacleAt(600L)).thenReturn(Optional.empty());

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void a_store_out_of_sight_is_left_to_the_ledger_component() {
        when(store.inSight()).thenReturn(false);

        assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
        verifyNoInteractions(engine);
    }

    @Test
    void a_log_that_cannot_be_read_now_leaves_the_projections_unknown_not_down() {
        when(engine.head()).thenThrow(new IllegalStateException("the store went away"));

        assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
    }
}
