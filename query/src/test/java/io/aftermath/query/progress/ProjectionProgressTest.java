package io.aftermath.query.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;

import io.aftermath.query.projection.Checkpoints;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.Generations.Generation;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.search.SearchIndex;

class ProjectionProgressTest {

    private final TokenStore tokenStore = mock(TokenStore.class);
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    private final SearchIndex searchIndex = mock(SearchIndex.class);
    private final Checkpoints checkpoints = mock(Checkpoints.class);
    private final Generations generations = mock(Generations.class);
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

    /** Before, searches during a rebuild of the index were served frozen where it began, and said so. */
    @Test
    void a_search_index_rebuilt_into_a_new_generation_serves_the_old_one_kept_current() {
        when(searchIndex.rebuilding()).thenReturn(true);
        when(searchIndex.servingOldGeneration()).thenReturn(true);
        when(searchIndex.committed()).thenReturn(95L);
        when(searchIndex.rebuildTarget()).thenReturn(95L);
        when(searchIndex.rebuildPosition()).thenReturn(30L);

        assertThat(progress.served(ProjectionNames.SEARCH)).as("the old generation's, current").isEqualTo(95);
        assertThat(progress.rebuildTarget(ProjectionNames.SEARCH)).isEqualTo(95);
        assertThat(progress.rebuilt(ProjectionNames.SEARCH)).as("the replay's position").isEqualTo(30);
    }

    /**
     * Testers 79 and 81 saw the position reads reflect drop (to 0, then 210, where they stood at 821) when the
     * checkpoint a node read stepped back: then a rebuild's, now a new owner's, written up to a token interval late.
     */
    @Test
    void what_reads_reflect_never_steps_back_when_the_checkpoint_read_does() {
        when(tokenStore.fetchSegments(anyString())).thenReturn(new int[0]);
        when(tokenStore.fetchSegments("tickets")).thenReturn(new int[] {0});
        when(processor.processingStatus()).thenReturn(Map.of());
        when(checkpoints.read("tickets", 0)).thenReturn(OptionalLong.of(821), OptionalLong.of(0), OptionalLong.of(210),
                OptionalLong.of(900));
        when(generations.get(anyString())).thenReturn(new Generation(0, 0, 0));

        List<Long> served = new ArrayList<>();
        for (int tick = 0; tick < 4; tick++) {
            progress.processedNow("tickets");
            served.add(progress.served("tickets"));
        }

        assertThat(served).containsExactly(821L, 821L, 821L, 900L);
    }

    /**
     * A node reads another node's progress from its checkpoint, and which generation to serve every half second.
     * Past a rebuild's switch, that progress is the rebuilt generation's: published before the node read the
     * generations again, a read told it would be served from the old generation, which stopped at the switch.
     */
    @Test
    void a_position_another_node_reached_is_published_only_after_the_generations_are_read_again() {
        when(tokenStore.fetchSegments(anyString())).thenReturn(new int[0]);
        when(tokenStore.fetchSegments("tickets")).thenReturn(new int[] {0});
        when(processor.processingStatus()).thenReturn(Map.of());
        when(checkpoints.read("tickets", 0)).thenReturn(OptionalLong.of(821), OptionalLong.of(900));
        when(generations.get(anyString())).thenReturn(new Generation(0, 0, 0));
        progress.refresh();
        List<Long> publishedWhileReading = new ArrayList<>();
        doAnswer(call -> publishedWhileReading.add(progress.processed("tickets"))).when(generations).refresh();

        progress.refresh();

        assertThat(publishedWhileReading).containsExactly(821L);
        assertThat(progress.processed("tickets")).isEqualTo(900);
    }

    @SuppressWarnings("unchecked")
    private ProjectionProgress progress() {
        EventProcessingConfiguration configuration = mock(EventProcessingConfiguration.class);
        when(configuration.eventProcessor("tickets", StreamingEventProcessor.class)).thenReturn(Optional.of(processor));
        ObjectProvider<EventProcessingConfiguration> processing = mock(ObjectProvider.class);
        when(processing.getIfAvailable()).thenReturn(configuration);
        return new ProjectionProgress(processing, tokenStore, checkpoints, generations, searchIndex);
    }
}
