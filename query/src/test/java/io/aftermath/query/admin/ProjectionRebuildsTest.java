package io.aftermath.query.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.KeptClaims;
import io.aftermath.query.projection.ProjectionFormats;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.projection.ProjectionStore;
import io.aftermath.query.release.ReleaseProjection;
import io.aftermath.query.search.SearchIndex;
import io.aftermath.query.ticket.TicketProjection;
import io.aftermath.query.timeline.TimelineProjection;
import io.aftermath.query.triage.TriageProjection;
import io.aftermath.shared.error.DomainRejection;

/**
 * Tester 83: a rebuild asked of the node named as the projection's owner was refused as running elsewhere, once in
 * 28: stopping the processor let its claim go, and the other query node took the segment before the reset.
 */
class ProjectionRebuildsTest {

    private static final String TICKETS = ProjectionNames.TICKETS;

    private final ProjectionProgress progress = mock(ProjectionProgress.class);
    private final Generations generations = mock(Generations.class);
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    private final KeptClaims keptClaims = new KeptClaims();
    private final List<Boolean> keptWhileStopping = new ArrayList<>();
    private ProjectionRebuilds rebuilds;

    @BeforeEach
    void oneProcessorHere() {
        when(progress.processor(TICKETS)).thenReturn(Optional.of(processor));
        when(progress.claimants(TICKETS)).thenReturn(Map.of(0, "query-2"));
        when(generations.beginRebuild(any(), anyLong())).thenReturn(new Generations.Generation(0, 1, 0));
        doAnswer(call -> keptWhileStopping.add(keptClaims.keeps(TICKETS))).when(processor).shutDown();
        TriageProjection triage = mock(TriageProjection.class);
        TicketProjection tickets = mock(TicketProjection.class);
        ReleaseProjection releases = mock(ReleaseProjection.class);
        TimelineProjection timelines = mock(TimelineProjection.class);
        when(triage.store()).thenReturn(mock(ProjectionStore.class));
        when(tickets.store()).thenReturn(mock(ProjectionStore.class));
        when(releases.store()).thenReturn(mock(ProjectionStore.class));
        when(timelines.store()).thenReturn(mock(ProjectionStore.class));
        rebuilds = new ProjectionRebuilds(progress, generations, mock(SearchIndex.class), triage, tickets, releases,
                timelines, mock(ProjectionFormats.class), keptClaims);
    }

    @Test
    void the_node_asked_keeps_its_claims_while_its_processor_stops_and_lets_them_go_once_it_runs_again() {
        rebuilds.rebuild(TICKETS);

        assertThat(keptWhileStopping).containsExactly(true);
        assertThat(keptClaims.keeps(TICKETS)).isFalse();
        verify(processor).start();
    }

    @Test
    void a_rebuild_refused_lets_the_claims_go_too() {
        doThrow(new UnableToClaimTokenException("claimed by query-2")).when(processor).resetTokens(any(Function.class));

        assertThatThrownBy(() -> rebuilds.rebuild(TICKETS)).isInstanceOf(DomainRejection.class)
                .hasMessageContaining("node query-2");
        assertThat(keptWhileStopping).containsExactly(true);
        assertThat(keptClaims.keeps(TICKETS)).isFalse();
        verify(processor).start();
    }
}
