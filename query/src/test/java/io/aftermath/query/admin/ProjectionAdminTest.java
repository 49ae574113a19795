package io.aftermath.query.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.triage.TriageIndex;
import io.aftermath.shared.ledger.LedgerHole;
import io.aftermath.shared.ledger.LedgerObstacle;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

class ProjectionAdminTest {

    private final ProjectionProgress progress = mock(ProjectionProgress.class);
    private final MongoLedgerStorageEngine engine = mock(MongoLedgerStorageEngine.class);
    private final ProjectionAdmin admin = new ProjectionAdmin(progress, mock(ProjectionRebuilds.class), engine,
            mock(TriageIndex.class));

    @BeforeEach
    void oneSegmentRunElsewhere() {
        when(progress.segments(ProjectionNames.TIMELINES)).thenReturn(new int[] {0});
    }

    /**
     * A processor never skips a position, so a commit deleted from the store stops it for good. Before, the
     * status showed only a lag that kept growing (a restored backup's rebuild stood at 600 for good).
     */
    @Test
    void a_processor_stopped_by_a_missing_commit_says_where() {
        when(engine.head()).thenReturn(922L);
        when(progress.processed(ProjectionNames.TIMELINES)).thenReturn(600L);
        when(engine.obstacleAt(600L)).thenReturn(Optional.of(LedgerObstacle.missing(new LedgerHole(600, 601))));

        assertThat(admin.status(ProjectionNames.TIMELINES).missingCommitAt()).isEqualTo(600L);
        assertThat(admin.status(ProjectionNames.TIMELINES).malformedCommitAt()).isNull();
    }

    /** Tester 39's log: the status was 500 STORE_MALFORMED, and so was a rebuild's answer, though it had begun. */
    @Test
    void a_processor_stopped_by_a_malformed_commit_says_where() {
        when(engine.head()).thenReturn(922L);
        when(progress.processed(ProjectionNames.TIMELINES)).thenReturn(600L);
        when(engine.obstacleAt(600L)).thenReturn(Optional.of(LedgerObstacle.malformed(605)));

        assertThat(admin.status(ProjectionNames.TIMELINES).malformedCommitAt()).isEqualTo(605L);
        assertThat(admin.status(ProjectionNames.TIMELINES).missingCommitAt()).isNull();
    }

    @Test
    void a_processor_behind_the_head_with_nothing_missing_names_no_commit() {
        when(engine.head()).thenReturn(922L);
        when(progress.processed(ProjectionNames.TIMELINES)).thenReturn(600L);
        when(engine.obstacleAt(600L)).thenReturn(Optional.empty());

        assertThat(admin.status(ProjectionNames.TIMELINES).missingCommitAt()).isNull();
    }

    @Test
    void a_processor_at_the_head_asks_the_store_nothing_about_holes() {
        when(engine.head()).thenReturn(922L);
        when(progress.processed(ProjectionNames.TIMELINES)).thenReturn(922L);

        assertThat(admin.status(ProjectionNames.TIMELINES).missingCommitAt()).isNull();
        verify(engine, never()).obstacleAt(922L);
    }
}
