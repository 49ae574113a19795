package io.aftermath.query.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.ledger.LedgerHole;
import io.aftermath.shared.ledger.LedgerObstacle;

class ReaderObstaclesTest {

    private final ProjectionProgress progress = mock(ProjectionProgress.class);
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<Long> asked = new ArrayList<>();
    private final ReaderObstacles obstacles = new ReaderObstacles(progress, position -> {
        asked.add(position);
        return position == 600 ? Optional.of(LedgerObstacle.missing(new LedgerHole(600, 601))) : Optional.empty();
    }, now::get);

    /** Before, the gauges' background read and every status each asked on their own rule. */
    @Test
    void the_status_and_the_gauges_share_one_question_a_second() {
        for (int tick = 0; tick < 3; tick++) {
            for (int caller = 0; caller < 4; caller++) {
                assertThat(obstacles.holding(ProjectionNames.TIMELINES, 600, 922)).isPresent();
            }
            now.addAndGet(1_000);
        }

        assertThat(asked).containsExactly(600L, 600L, 600L);
    }

    /** The replay stops at a missing commit while the live processor, past it, goes on. */
    @Test
    void a_rebuild_held_behind_its_processor_says_where() {
        when(progress.rebuilding(ProjectionNames.TIMELINES)).thenReturn(true);
        when(progress.rebuilt(ProjectionNames.TIMELINES)).thenReturn(600L);

        assertThat(obstacles.holding(ProjectionNames.TIMELINES, 922, 922))
                .map(LedgerObstacle::position).contains(600L);
    }

    @Test
    void a_replay_at_its_processor_is_not_asked() {
        when(progress.rebuilding(ProjectionNames.TIMELINES)).thenReturn(true);
        when(progress.rebuilt(ProjectionNames.TIMELINES)).thenReturn(922L);

        assertThat(obstacles.holding(ProjectionNames.TIMELINES, 922, 922)).isEmpty();
        assertThat(asked).isEmpty();
    }
}
