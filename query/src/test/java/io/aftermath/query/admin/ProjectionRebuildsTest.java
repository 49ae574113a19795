package io.aftermath.query.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Optional;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.ProjectionFormats;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.projection.ProjectionStore;
import io.aftermath.query.release.ReleaseProjection;
import io.aftermath.query.search.SearchIndex;
import io.aftermath.query.ticket.TicketProjection;
import io.aftermath.query.timeline.TimelineProjection;
import io.aftermath.query.triage.TriageProjection;
import io.aftermath.shared.error.DomainRejection;

/** Beginning a rebuild of a shared projection: where it may begin, what it leaves running, how far it says it is. */
class ProjectionRebuildsTest {

    private static final String TICKETS = ProjectionNames.TICKETS;

    private final ProjectionProgress progress = mock(ProjectionProgress.class);
    private final Generations generations = mock(Generations.class);
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    private final RebuildReplays replays = mock(RebuildReplays.class);
    private final ProjectionStore ticketsStore = mock(ProjectionStore.class);
    private ProjectionRebuilds rebuilds;

    @BeforeEach
    void oneProcessorHere() {
        when(progress.processor(TICKETS)).thenReturn(Optional.of(processor));
        when(generations.nextGeneration(TICKETS)).thenReturn(4);
        when(generations.beginRebuild(TICKETS, 4)).thenReturn(new Generations.Generation(3, 4, 0));
        TriageProjection triage = mock(TriageProjection.class);
        TicketProjection tickets = mock(TicketProjection.class);
        ReleaseProjection releases = mock(ReleaseProjection.class);
        TimelineProjection timelines = mock(TimelineProjection.class);
        when(triage.store()).thenReturn(mock(ProjectionStore.class));
        when(tickets.store()).thenReturn(ticketsStore);
        when(releases.store()).thenReturn(mock(ProjectionStore.class));
        when(timelines.store()).thenReturn(mock(ProjectionStore.class));
        rebuilds = new ProjectionRebuilds(progress, generations, mock(SearchIndex.class), triage, tickets, releases,
                timelines, mock(ProjectionFormats.class), replays);
    }

    /** The live processor goes on: reads stay current while the replay fills the new generation. */
    @Test
    void the_node_running_the_projection_empties_the_new_generation_announces_it_and_replays_into_it() {
        when(progress.claimants(TICKETS)).thenReturn(Map.of(0, "query-1"));
        when(progress.heldHere(TICKETS)).thenReturn(true);

        rebuilds.rebuild(TICKETS);

        InOrder order = inOrder(ticketsStore, generations, replays);
        order.verify(ticketsStore).drop(4);
        order.verify(generations).beginRebuild(TICKETS, 4);
        order.verify(replays).start(any(), any());
        verify(processor, never()).shutDown();
    }

    @Test
    void a_rebuild_asked_of_a_node_another_holds_the_projection_for_names_that_node_and_begins_nothing() {
        when(progress.claimants(TICKETS)).thenReturn(Map.of(0, "query-2"));

        assertThatThrownBy(() -> rebuilds.rebuild(TICKETS)).isInstanceOf(DomainRejection.class)
                .hasMessageContaining("node query-2");
        verify(generations, never()).beginRebuild(any(), anyInt());
        verify(ticketsStore, never()).drop(anyInt());
        verifyNoInteractions(replays);
    }

    /** Tester 151: two processes named q1, and the one not running the projection began its rebuild (202). */
    @Test
    void a_rebuild_asked_of_a_process_sharing_the_name_of_the_one_running_the_projection_is_refused() {
        when(progress.claimants(TICKETS)).thenReturn(Map.of(0, "q1"));
        when(progress.nodeId()).thenReturn("q1");

        assertThatThrownBy(() -> rebuilds.rebuild(TICKETS)).isInstanceOf(DomainRejection.class)
                .hasMessageContaining("node q1 (aftermath.node-id), another process than this one under its name");
        verify(generations, never()).beginRebuild(any(), anyInt());
    }

    @Test
    void a_rebuild_under_way_is_not_begun_again() {
        when(progress.rebuilding(TICKETS)).thenReturn(true);

        assertThatThrownBy(() -> rebuilds.rebuild(TICKETS)).isInstanceOf(DomainRejection.class)
                .hasMessageContaining("is being rebuilt");
        verify(ticketsStore, never()).drop(anyInt());
    }

    /** 1 means the switch is done: a 202 once said rebuilding at 1.0 (ProjectionAdminHttpTest). */
    @Test
    void a_replay_caught_up_with_its_switch_ahead_is_not_reported_done() {
        when(progress.rebuildTarget(TICKETS)).thenReturn(300L);
        when(progress.rebuilt(TICKETS)).thenReturn(150L, 300L);

        assertThat(rebuilds.progressOf(TICKETS, true)).isEqualTo(0.5);
        assertThat(rebuilds.progressOf(TICKETS, true)).isLessThan(1.0);
        assertThat(rebuilds.progressOf(TICKETS, false)).isEqualTo(1.0);
    }
}
