package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.aftermath.shared.testing.MutableClock;

class ProjectionSharesTest {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Set<String> rebuilding = new HashSet<>();
    private final List<String> handed = new ArrayList<>();
    private final ProjectionShares shares = new ProjectionShares(CLAIM_TIMEOUT, clock, rebuilding::contains,
            (projection, duration) -> {
                assertThat(duration).isEqualTo(CLAIM_TIMEOUT);
                handed.add(projection);
            });

    @Test
    void a_node_alone_runs_every_shared_projection() {
        shares.counted(1);

        for (String projection : ProjectionNames.SHARED) {
            assertThat(shares.reserve(projection)).as(projection).isTrue();
        }
        assertThat(shares.held()).isEqualTo(4);
    }

    @Test
    void the_shared_projections_are_divided_among_the_live_nodes_rounded_up() {
        assertThat(shareWith(2)).isEqualTo(2);
        assertThat(shareWith(3)).isEqualTo(2);
        assertThat(shareWith(4)).isEqualTo(1);
        assertThat(shareWith(7)).isEqualTo(1);
    }

    @Test
    void a_full_share_refuses_further_claims_and_its_own_projections_stay_claimable() {
        shares.counted(2);
        assertThat(shares.reserve(ProjectionNames.TRIAGE)).isTrue();
        assertThat(shares.reserve(ProjectionNames.TICKETS)).isTrue();

        assertThat(shares.mayClaim(ProjectionNames.RELEASES)).isFalse();
        assertThat(shares.reserve(ProjectionNames.RELEASES)).isFalse();
        assertThat(shares.reserve(ProjectionNames.TICKETS)).as("claimed again by its worker").isTrue();
        assertThat(shares.held()).isEqualTo(2);

        shares.gone(ProjectionNames.TICKETS);
        assertThat(shares.reserve(ProjectionNames.RELEASES)).isTrue();
    }

    @Test
    void a_claim_made_past_the_search_counts_toward_the_share() {
        shares.counted(2);
        shares.claimed(ProjectionNames.TRIAGE);
        shares.claimed(ProjectionNames.TICKETS);

        assertThat(shares.reserve(ProjectionNames.RELEASES)).isFalse();
    }

    @Test
    void a_segment_left_free_for_a_claim_timeout_is_claimed_beyond_the_share() {
        shares.counted(2);
        shares.reserve(ProjectionNames.TRIAGE);
        shares.reserve(ProjectionNames.TICKETS);

        assertThat(shares.mayClaim(ProjectionNames.RELEASES)).isFalse();
        clock.advance(CLAIM_TIMEOUT.minusMillis(1));
        assertThat(shares.mayClaim(ProjectionNames.RELEASES)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(shares.reserve(ProjectionNames.RELEASES)).isTrue();
        assertThat(shares.held()).isEqualTo(3);
    }

    @Test
    void a_segment_seen_held_elsewhere_starts_its_wait_again() {
        shares.counted(2);
        shares.reserve(ProjectionNames.TRIAGE);
        shares.reserve(ProjectionNames.TICKETS);
        shares.mayClaim(ProjectionNames.RELEASES);
        clock.advance(CLAIM_TIMEOUT.minusSeconds(1));

        shares.heldElsewhere(ProjectionNames.RELEASES);
        clock.advance(Duration.ofSeconds(1));

        assertThat(shares.mayClaim(ProjectionNames.RELEASES)).isFalse();
    }

    @Test
    void a_node_over_its_share_hands_one_projection_over_per_round_once_the_count_has_held_for_a_claim_timeout() {
        ProjectionNames.SHARED.forEach(shares::reserve);

        shares.counted(2);
        clock.advance(CLAIM_TIMEOUT.minusMillis(1));
        shares.counted(2);
        assertThat(handed).isEmpty();

        clock.advance(Duration.ofMillis(1));
        shares.counted(2);
        assertThat(handed).containsExactly(ProjectionNames.TIMELINES);
        assertThat(shares.held()).isEqualTo(3);
        shares.counted(2);
        assertThat(handed).containsExactly(ProjectionNames.TIMELINES, ProjectionNames.RELEASES);
        shares.counted(2);
        assertThat(handed).hasSize(2);
        assertThat(shares.held()).isEqualTo(2);
    }

    @Test
    void a_count_that_changes_starts_the_wait_again() {
        ProjectionNames.SHARED.forEach(shares::reserve);
        shares.counted(2);
        clock.advance(CLAIM_TIMEOUT.minusSeconds(1));

        shares.counted(3);
        clock.advance(Duration.ofSeconds(1));
        shares.counted(3);

        assertThat(handed).isEmpty();
    }

    @Test
    void a_projection_being_rebuilt_is_not_handed_over() {
        ProjectionNames.SHARED.forEach(shares::reserve);
        rebuilding.add(ProjectionNames.TIMELINES);
        rebuilding.add(ProjectionNames.RELEASES);
        shares.counted(4);
        clock.advance(CLAIM_TIMEOUT);

        shares.counted(4);
        shares.counted(4);
        shares.counted(4);
        shares.counted(4);

        assertThat(handed).containsExactly(ProjectionNames.TICKETS, ProjectionNames.TRIAGE);
    }

    @Test
    void after_taking_back_a_segment_nobody_took_the_node_hands_none_over_for_a_while() {
        shares.counted(2);
        shares.reserve(ProjectionNames.TRIAGE);
        shares.reserve(ProjectionNames.TICKETS);
        shares.mayClaim(ProjectionNames.RELEASES);
        clock.advance(CLAIM_TIMEOUT);
        shares.reserve(ProjectionNames.RELEASES);

        Duration backOff = CLAIM_TIMEOUT.multipliedBy(ProjectionShares.BACK_OFF_TIMEOUTS);
        clock.advance(backOff.minusMillis(1));
        shares.counted(2);
        assertThat(handed).isEmpty();
        clock.advance(Duration.ofMillis(1));
        shares.counted(2);
        assertThat(handed).containsExactly(ProjectionNames.RELEASES);
    }

    private int shareWith(int live) {
        shares.counted(live);
        return shares.share();
    }
}
