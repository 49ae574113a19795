package io.aftermath.query.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.ledger.LedgerHole;
import io.aftermath.shared.ledger.LedgerObstacle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ProjectionMetricsTest {

    private static final String MISSING = "aftermath.projection.missing.commit.position";
    private static final String MALFORMED = "aftermath.projection.malformed.commit.position";

    /**
     * A head read that hangs (the store out of sight: 30 s of server selection) must not hang the
     * scrape. Before, each of the five lag gauges waited on it in turn.
     */
    @Test
    void a_scrape_answers_at_once_while_the_log_head_cannot_be_read() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProjectionProgress progress = mock(ProjectionProgress.class);
        when(progress.processed(ProjectionNames.TRIAGE)).thenReturn(40L);
        CountDownLatch storeBack = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        ProjectionMetrics metrics = new ProjectionMetrics(meters, progress, mock(ProjectionRebuilds.class), () -> {
            if (reads.incrementAndGet() > 1) {
                try {
                    storeBack.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 100;
        }, new ReaderObstacles(progress, position -> Optional.empty(), System::currentTimeMillis));
        metrics.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 2);

            double lag = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> meters.get("aftermath.projection.lag")
                    .tag("processor", ProjectionNames.TRIAGE).gauge().value());

            assertThat(lag).as("the last head read, less what the processor has done").isEqualTo(60);
        } finally {
            storeBack.countDown();
            metrics.stop();
        }
    }

    /**
     * Health's missingCommitAt, as a series an alert can watch: before, a node held by a deleted commit
     * showed only a growing lag, which a rebuild in progress silenced.
     */
    @Test
    void a_processor_held_by_a_missing_or_malformed_commit_shows_its_position_and_the_others_none() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProjectionProgress progress = mock(ProjectionProgress.class);
        when(progress.processed(ProjectionNames.TIMELINES)).thenReturn(100L);
        when(progress.processed(ProjectionNames.RELEASES)).thenReturn(200L);
        when(progress.processed(ProjectionNames.TRIAGE)).thenReturn(3624L);
        ProjectionMetrics metrics = new ProjectionMetrics(meters, progress, mock(ProjectionRebuilds.class),
                () -> 3624, new ReaderObstacles(progress, position -> switch ((int) position) {
                    case 100 -> Optional.of(LedgerObstacle.missing(new LedgerHole(100, 101)));
                    case 200 -> Optional.of(LedgerObstacle.malformed(203));
                    default -> Optional.empty();
                }, System::currentTimeMillis));
        metrics.start();
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(position(meters, MISSING, ProjectionNames.TIMELINES)).isEqualTo(100);
                assertThat(position(meters, MALFORMED, ProjectionNames.RELEASES)).isEqualTo(203);
            });

            assertThat(position(meters, MALFORMED, ProjectionNames.TIMELINES)).as("missing, not malformed").isEqualTo(-1);
            assertThat(position(meters, MISSING, ProjectionNames.RELEASES)).as("malformed, not missing").isEqualTo(-1);
            assertThat(position(meters, MISSING, ProjectionNames.TRIAGE)).as("at the head").isEqualTo(-1);
            assertThat(position(meters, MALFORMED, ProjectionNames.TRIAGE)).as("at the head").isEqualTo(-1);
        } finally {
            metrics.stop();
        }
    }

    private static double position(SimpleMeterRegistry meters, String gauge, String processor) {
        return meters.get(gauge).tag("processor", processor).gauge().value();
    }
}
