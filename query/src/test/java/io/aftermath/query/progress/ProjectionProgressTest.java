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
import io.aftermath.query.search.SearchIndex;

class ProjectionProgressTest {

    private final TokenStore tokenStore = mock(TokenStore.class);
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
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

    @SuppressWarnings("unchecked")
    private ProjectionProgress progress() {
        EventProcessingConfiguration configuration = mock(EventProcessingConfiguration.class);
        when(configuration.eventProcessor("tickets", StreamingEventProcessor.class)).thenReturn(Optional.of(processor));
        ObjectProvider<EventProcessingConfiguration> processing = mock(ObjectProvider.class);
        when(processing.getIfAvailable()).thenReturn(configuration);
        return new ProjectionProgress(processing, tokenStore, mock(Checkpoints.class), mock(Generations.class),
                mock(SearchIndex.class));
    }
}
