package io.aftermath.query.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Optional;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;

import io.aftermath.query.projection.Checkpoints;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.search.SearchIndex;

class ProjectionProgressTest {

    private final TokenStore tokenStore = mock(TokenStore.class);
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    private final SearchIndex searchIndex = mock(SearchIndex.class);
    private final ProjectionProgress progress = progress();

    @Test
    void a_processor_that_has_not_stored_a_token_yet_reports_the_segments_it_runs_here() {
        when(tokenStore.fetchSegments("tickets")).thenReturn(new int[0]);
        when(processor.processingStatus()).thenReturn(Map.of(0, mock(EventTrackerStatus.class)));

        assertThat(progress.segments("tickets")).containsExactly(0);
    }

    @Test
    void the_store_is_asked_again_once_it_knew_no_segments() {
        when(tokenStore.fetchSegments("tickets")).thenReturn(new int[0], new int[] {0, 1});
        when(processor.processingStatus()).thenReturn(Map.of());

        assertThat(progress.segments("tickets")).isEmpty();
        assertThat(progress.segments("tickets")).containsExactly(0, 1);
    }

    /**
     * A search index started again from the log has no older generation to serve: reads see it fill, and its
     * rebuild ends at the head it started below. Before, a rebuilding index was taken to serve a frozen one.
     */
    @Test
    void a_search_index_started_afresh_is_served_as_it_fills_and_rebuilds_toward_the_head_it_started_below() {
        when(searchIndex.rebuilding()).thenReturn(true);
        when(searchIndex.servingOldGeneration()).thenReturn(false);
        when(searchIndex.committed()).thenReturn(40L);
        when(searchIndex.rebuildTarget()).thenReturn(100L);

        assertThat(progress.rebuilding(ProjectionNames.SEARCH)).isTrue();
        assertThat(progress.served(ProjectionNames.SEARCH)).isEqualTo(40);
        assertThat(progress.rebuildTarget(ProjectionNames.SEARCH)).isEqualTo(100);
    }

    @Test
    void a_search_index_rebuilt_into_a_new_generation_serves_the_old_one_where_it_stood() {
        when(searchIndex.rebuilding()).thenReturn(true);
        when(searchIndex.servingOldGeneration()).thenReturn(true);
        when(searchIndex.frozenAt()).thenReturn(70L);
        when(searchIndex.rebuildTarget()).thenReturn(70L);
        when(searchIndex.rebuildPosition()).thenReturn(90L);

        assertThat(progress.served(ProjectionNames.SEARCH)).as("not the new generation's position").isEqualTo(70);
        assertThat(progress.rebuildTarget(ProjectionNames.SEARCH)).isEqualTo(70);
    }

    @SuppressWarnings("unchecked")
    private ProjectionProgress progress() {
        EventProcessingConfiguration configuration = mock(EventProcessingConfiguration.class);
        when(configuration.eventProcessor("tickets", StreamingEventProcessor.class)).thenReturn(Optional.of(processor));
        ObjectProvider<EventProcessingConfiguration> processing = mock(ObjectProvider.class);
        when(processing.getIfAvailable()).thenReturn(configuration);
        return new ProjectionProgress(processing, tokenStore, mock(Checkpoints.class), mock(Generations.class),
                searchIndex);
    }
}
