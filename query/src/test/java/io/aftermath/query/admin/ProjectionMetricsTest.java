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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ProjectionMetricsTest {

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
        }, position -> Optional.empty());
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
    void a_processor_held_by_a_missing_commit_shows_its_position_and_the_others_none() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProjectionProgress progress = mock(ProjectionProgress.class);
        when(progress.processed(ProjectionNames.TIMELINES)).thenReturn(100L);
        when(progress.processed(ProjectionNames.TRIAGE)).thenReturn(3624L);
        ProjectionMetrics metrics = new ProjectionMetrics(meters, progress, mock(ProjectionRebuilds.class),
                () -> 3624, position -> position == 100 ? Optional.of(new LedgerHole(100, 101)) : Optional.empty());
        metrics.start();
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(missingCommitAt(meters,
                    ProjectionNames.TIMELINES)).isEqualTo(100));

            assertThat(missingCommitAt(meters, ProjectionNames.TRIAGE)).as("at the head").isEqualTo(-1);
        } finally {
            metrics.stop();
        }
    }

    private static double missingCommitAt(SimpleMeterRegistry meters, String processor) {
        return meters.get("aftermath.projection.missing.commit.position").tag("processor", processor).gauge().value();
    }
}
