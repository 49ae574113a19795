package io.aftermath.query.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
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
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ProjectionAdmin admin = new ProjectionAdmin(progress, mock(ProjectionRebuilds.class), engine,
            mock(TriageIndex.class), new ReaderObstacles(progress, engine::obstacleAt, now::get));

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

    /** Tester 91: five lagging processors asked the store on every status, which took up to 25 s on a loaded node. */
    @Test
    void a_processor_that_moves_is_not_asked_what_holds_it() {
        when(engine.head()).thenReturn(922L);
        when(progress.processed(ProjectionNames.TIMELINES)).thenReturn(600L, 650L, 700L);

        for (int i = 0; i < 3; i++) {
            admin.status(ProjectionNames.TIMELINES);
            now.addAndGet(2_000);
        }

        verify(engine).obstacleAt(600L);
        verify(engine, never()).obstacleAt(650L);
        verify(engine, never()).obstacleAt(700L);
    }

    /** Once it stood still for a second it is asked, then again at most once a second: a commit may go meanwhile. */
    @Test
    void a_processor_that_stands_still_is_asked_what_holds_it_once_a_second() {
        when(engine.head()).thenReturn(922L);
        when(progress.processed(ProjectionNames.TIMELINES)).thenReturn(600L, 700L);
        when(engine.obstacleAt(700L)).thenReturn(Optional.of(LedgerObstacle.missing(new LedgerHole(700, 701))));
        admin.status(ProjectionNames.TIMELINES);
        admin.status(ProjectionNames.TIMELINES);

        now.addAndGet(999);
        assertThat(admin.status(ProjectionNames.TIMELINES).missingCommitAt()).as("moved a moment ago").isNull();
        now.addAndGet(1);
        assertThat(admin.status(ProjectionNames.TIMELINES).missingCommitAt()).isEqualTo(700L);
        assertThat(admin.status(ProjectionNames.TIMELINES).missingCommitAt()).isEqualTo(700L);
        verify(engine, times(1)).obstacleAt(700L);
        now.addAndGet(1_000);
        admin.status(ProjectionNames.TIMELINES);
        verify(engine, times(2)).obstacleAt(700L);
    }

    /** The head is read before the positions, which may pass it meanwhile (tester 91). */
    @Test
    void no_position_is_shown_beyond_the_head() {
        when(engine.head()).thenReturn(922L);
        when(progress.processed(ProjectionNames.TIMELINES)).thenReturn(930L);
        when(progress.served(ProjectionNames.TIMELINES)).thenReturn(930L);

        ProjectionStatus status = admin.status(ProjectionNames.TIMELINES);

        assertThat(status.head()).isEqualTo(930L);
        assertThat(status.lag()).isZero();
    }

    @Test
    void a_segment_whose_worker_waits_to_retry_after_an_error_is_not_local_and_shows_the_stored_position() {
        when(engine.head()).thenReturn(922L);
        when(progress.processed(ProjectionNames.TIMELINES)).thenReturn(900L);
        when(progress.claimants(ProjectionNames.TIMELINES)).thenReturn(Map.of(0, "another"));
        EventTrackerStatus retrying = mock(EventTrackerStatus.class);
        when(retrying.isErrorState()).thenReturn(true);
        when(retrying.getTrackingToken()).thenReturn(new GlobalSequenceTrackingToken(700));
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        when(processor.processingStatus()).thenReturn(Map.of(0, retrying));
        when(progress.processor(ProjectionNames.TIMELINES)).thenReturn(Optional.of(processor));

        ProjectionStatus status = admin.status(ProjectionNames.TIMELINES);

        assertThat(status.segments()).singleElement().isEqualTo(
                new ProjectionStatus.SegmentStatus(0, 900, false, false, true, "another"));
        assertThat(status.state()).isEqualTo("error");
    }

    @Test
    void a_processor_at_the_head_asks_the_store_nothing_about_holes() {
        when(engine.head()).thenReturn(922L);
        when(progress.processed(ProjectionNames.TIMELINES)).thenReturn(922L);

        assertThat(admin.status(ProjectionNames.TIMELINES).missingCommitAt()).isNull();
        verify(engine, never()).obstacleAt(922L);
    }
}
