package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.aftermath.query.projection.ProjectionShares.Peer;
import io.aftermath.shared.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ProjectionSharesTest {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);
    private static final String TRIAGE = ProjectionNames.TRIAGE;
    private static final String TICKETS = ProjectionNames.TICKETS;
    private static final String RELEASES = ProjectionNames.RELEASES;
    private static final String TIMELINES = ProjectionNames.TIMELINES;

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
        counted("m");

        for (String projection : ProjectionNames.SHARED) {
            assertThat(shares.reserve(projection)).as(projection).isTrue();
        }
        assertThat(shares.held()).isEqualTo(4);
    }

    @Test
    void the_share_is_the_shared_projections_divided_among_the_live_nodes_rounded_up() {
        assertThat(shareWith(2)).isEqualTo(2);
        assertThat(shareWith(3)).isEqualTo(2);
        assertThat(shareWith(4)).isEqualTo(1);
        assertThat(shareWith(7)).isEqualTo(1);
    }

    @Test
    void a_full_share_refuses_further_claims_and_its_own_projections_stay_claimable() {
        counted("m", 2);
        assertThat(shares.reserve(TRIAGE)).isTrue();
        assertThat(shares.reserve(TICKETS)).isTrue();

        assertThat(shares.mayClaim(RELEASES)).isFalse();
        assertThat(shares.reserve(RELEASES)).isFalse();
        assertThat(shares.reserve(TICKETS)).as("claimed again by its worker").isTrue();
        assertThat(shares.held()).isEqualTo(2);

        shares.gone(TICKETS);
        assertThat(shares.reserve(RELEASES)).isTrue();
    }

    /** Four among three: 2, 1, 1, never 2, 2, 0, which the share rounded up alone would allow. */
    @Test
    void a_node_runs_its_share_rounded_up_only_once_no_other_node_runs_less_than_rounded_down() {
        counted("m", 2, 0);
        assertThat(shares.reserve(TRIAGE)).isTrue();
        assertThat(shares.reserve(TICKETS)).as("another node runs none").isFalse();

        counted("m", 2, 1);
        assertThat(shares.reserve(TICKETS)).isTrue();
        assertThat(shares.reserve(RELEASES)).isFalse();
    }

    @Test
    void a_claim_made_past_the_search_counts_toward_the_share() {
        counted("m", 2);
        shares.claimed(TRIAGE);
        shares.claimed(TICKETS);

        assertThat(shares.reserve(RELEASES)).isFalse();
    }

    @Test
    void a_segment_left_free_for_a_claim_timeout_is_claimed_beyond_the_share() {
        counted("m", 2);
        shares.reserve(TRIAGE);
        shares.reserve(TICKETS);

        assertThat(shares.mayClaim(RELEASES)).isFalse();
        clock.advance(CLAIM_TIMEOUT.minusMillis(1));
        assertThat(shares.mayClaim(RELEASES)).isFalse();
        clock.advance(Duration.ofMillis(1));
        // Axon's search asks, then its claim: tester 151 saw the search allowed and the claim refused, 42 times.
        assertThat(shares.mayClaim(RELEASES)).isTrue();
        assertThat(shares.reserve(RELEASES)).isTrue();
        assertThat(shares.held()).isEqualTo(3);
    }

    @Test
    void a_segment_seen_held_elsewhere_starts_its_wait_again() {
        counted("m", 2);
        shares.reserve(TRIAGE);
        shares.reserve(TICKETS);
        shares.mayClaim(RELEASES);
        clock.advance(CLAIM_TIMEOUT.minusSeconds(1));

        shares.heldElsewhere(RELEASES);
        clock.advance(Duration.ofSeconds(1));

        assertThat(shares.mayClaim(RELEASES)).isFalse();
    }

    @Test
    void a_node_over_its_share_hands_one_projection_over_per_count_once_the_count_has_held_for_a_claim_timeout() {
        ProjectionNames.SHARED.forEach(shares::reserve);

        counted("m", 0);
        handsOverFirstAfter(CLAIM_TIMEOUT, TIMELINES);
        assertThat(shares.held()).isEqualTo(3);
        counted("m", 1);
        assertThat(handed).containsExactly(TIMELINES, RELEASES);
        counted("m", 2);
        assertThat(handed).hasSize(2);
        assertThat(shares.held()).isEqualTo(2);
    }

    /** Two nodes ran two each when a third joined: one of them, the same on both, hands one over. */
    @Test
    void the_first_by_id_of_the_most_loaded_nodes_hands_one_over_to_a_node_running_less_than_rounded_down() {
        shares.reserve(TRIAGE);
        shares.reserve(TICKETS);
        counted("b", 2, 0);
        clock.advance(CLAIM_TIMEOUT);

        countedNamed("b", new Peer("a", 2), new Peer("c", 0));
        assertThat(handed).isEmpty();
        countedNamed("b", new Peer("c", 2), new Peer("d", 0));
        assertThat(handed).containsExactly(TICKETS);
        countedNamed("b", new Peer("c", 2), new Peer("d", 0));
        assertThat(handed).as("no longer over the share rounded down").hasSize(1);
    }

    /** A node whose processors wait to retry the store after an outage would leave a projection handed to it free. */
    @Test
    void a_projection_is_handed_only_to_a_node_with_room_whose_processor_for_it_searches() {
        ProjectionNames.SHARED.forEach(shares::reserve);
        countedNamed("m", new Peer("n", 0, Set.of()));
        clock.advance(CLAIM_TIMEOUT);

        countedNamed("m", new Peer("n", 0, Set.of()));
        assertThat(handed).isEmpty();
        countedNamed("m", new Peer("n", 0, Set.of(TICKETS)));
        assertThat(handed).containsExactly(TICKETS);
    }

    /** Four among three with two each on this node and another: the one with a full share takes nothing. */
    @Test
    void a_node_searching_with_its_share_full_is_not_handed_one() {
        shares.reserve(TRIAGE);
        shares.reserve(TICKETS);
        countedNamed("a", new Peer("b", 2, Set.copyOf(ProjectionNames.SHARED)), new Peer("c", 0, Set.of()));
        clock.advance(CLAIM_TIMEOUT);

        countedNamed("a", new Peer("b", 2, Set.copyOf(ProjectionNames.SHARED)), new Peer("c", 0, Set.of()));
        assertThat(handed).isEmpty();
        countedNamed("a", new Peer("b", 2, Set.copyOf(ProjectionNames.SHARED)), new Peer("c", 0, Set.of(TRIAGE)));
        assertThat(handed).containsExactly(TRIAGE);
    }

    /** Four among three, 3-1-0: the node running one may not take a second while another runs none. */
    @Test
    void a_node_its_share_would_refuse_while_another_runs_less_is_not_handed_one() {
        shares.reserve(TRIAGE);
        shares.reserve(TICKETS);
        shares.reserve(RELEASES);
        Peer runningOne = new Peer("b", 1, Set.copyOf(ProjectionNames.SHARED));
        countedNamed("a", runningOne, new Peer("c", 0, Set.of()));
        clock.advance(CLAIM_TIMEOUT);

        countedNamed("a", runningOne, new Peer("c", 0, Set.of()));
        assertThat(handed).isEmpty();
        countedNamed("a", runningOne, new Peer("c", 0, Set.of(TICKETS)));
        assertThat(handed).containsExactly(TICKETS);
    }

    @Test
    void a_processor_counts_as_searching_for_three_claim_intervals_after_its_last_search() {
        shares.searched(TRIAGE);
        shares.searched(ProjectionNames.SEARCH);

        clock.advance(ProjectionShares.SEARCHING_WITHIN);
        assertThat(shares.searching()).as("the node-local search index is not shared").containsExactly(TRIAGE);
        clock.advance(Duration.ofMillis(1));
        assertThat(shares.searching()).isEmpty();
    }

    @Test
    void a_count_that_changes_starts_the_wait_again() {
        ProjectionNames.SHARED.forEach(shares::reserve);
        counted("m", 0);
        clock.advance(CLAIM_TIMEOUT.minusSeconds(1));

        counted("m", 0, 0);
        clock.advance(Duration.ofSeconds(1));
        counted("m", 0, 0);

        assertThat(handed).isEmpty();
    }

    @Test
    void a_count_that_failed_starts_the_wait_again() {
        ProjectionNames.SHARED.forEach(shares::reserve);
        counted("m", 0);
        clock.advance(CLAIM_TIMEOUT.minusSeconds(1));

        shares.uncounted();
        clock.advance(Duration.ofSeconds(1));
        counted("m", 0);

        assertThat(handed).isEmpty();
    }

    @Test
    void a_projection_being_rebuilt_is_not_handed_over() {
        ProjectionNames.SHARED.forEach(shares::reserve);
        rebuilding.add(TIMELINES);
        rebuilding.add(RELEASES);
        counted("m", 0, 0, 0);
        clock.advance(CLAIM_TIMEOUT);

        for (int round = 0; round < 4; round++) {
            counted("m", 0, 0, 0);
        }

        assertThat(handed).containsExactly(TICKETS, TRIAGE);
    }

    @Test
    void after_taking_back_a_segment_nobody_took_the_node_hands_none_over_for_a_while() {
        counted("m", 0);
        shares.reserve(TRIAGE);
        shares.reserve(TICKETS);
        shares.mayClaim(RELEASES);
        clock.advance(CLAIM_TIMEOUT);
        shares.reserve(RELEASES);

        handsOverFirstAfter(CLAIM_TIMEOUT.multipliedBy(ProjectionShares.BACK_OFF_TIMEOUTS), RELEASES);
    }

    @Test
    void gauges_show_the_live_query_nodes_and_the_projections_this_node_runs() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        shares.measure(meters);

        counted("m", 1, 1);
        shares.reserve(TRIAGE);

        assertThat(meters.get("aftermath.query.nodes").gauge().value()).isEqualTo(3);
        assertThat(meters.get("aftermath.projections.running").gauge().value()).isEqualTo(1);
    }

    /** Counted with one other node running none: nothing handed over until {@code wait} is up, then the projection. */
    private void handsOverFirstAfter(Duration wait, String projection) {
        clock.advance(wait.minusMillis(1));
        counted("m", 0);
        assertThat(handed).isEmpty();
        clock.advance(Duration.ofMillis(1));
        counted("m", 0);
        assertThat(handed).containsExactly(projection);
    }

    /** This node, named {@code self}, among other live nodes holding so many shared projections each. */
    private void counted(String self, int... othersHeld) {
        List<Peer> others = new ArrayList<>();
        for (int i = 0; i < othersHeld.length; i++) {
            others.add(new Peer("peer-" + i, othersHeld[i]));
        }
        shares.counted(self, others);
    }

    private void countedNamed(String self, Peer... others) {
        shares.counted(self, List.of(others));
    }

    private int shareWith(int live) {
        counted("m", new int[live - 1]);
        return shares.share();
    }
}
