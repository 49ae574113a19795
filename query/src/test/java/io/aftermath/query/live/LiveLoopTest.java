package io.aftermath.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.query.QueryProperties;
import io.aftermath.query.admin.ProjectionRebuilds;
import io.aftermath.query.progress.Freshness;
import io.aftermath.query.progress.LogLag;
import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.triage.TriageIndex;
import io.aftermath.shared.infrastructure.CuttableReads;
import io.aftermath.shared.mongo.StoreSight;

@ExtendWith(OutputCaptureExtension.class)
class LiveLoopTest {

    private final StoreSight store = mock(StoreSight.class);
    private final CuttableReads reads = mock(CuttableReads.class);
    private final LiveLoop loop = new LiveLoop(mock(LiveExecutor.class), mock(ProjectionProgress.class),
            mock(ProjectionRebuilds.class), mock(TriageIndex.class), mock(LogTail.class), mock(TriageStreams.class),
            mock(TimelineStreams.class), mock(Freshness.class), mock(QueryProperties.class, RETURNS_DEEP_STUBS), store, reads,
            mock(LogLag.class));

    /**
     * A node stopping under an outage closes its store's client while the loop still runs, for the requests
     * graceful shutdown waits for: a tick then met the closed client and logged a WARN with a stack.
     */
    @Test
    void a_tick_met_by_the_client_the_stop_closed_is_no_warning(CapturedOutput output) {
        when(store.inSight()).thenReturn(true);
        // Thrown as the driver threw it: Mockito's doThrow would trim the driver's frames from its stack.
        doAnswer(invocation -> {
            throw closedClientRefusal();
        }).when(reads).run(any());
        loop.start();

        loop.tick();

        assertThat(output.getAll()).doesNotContain("Live loop tick failed");
    }

    @Test
    void a_tick_that_fails_otherwise_says_so_with_its_stack(CapturedOutput output) {
        when(store.inSight()).thenReturn(true);
        doThrow(new IllegalStateException("a bug in the tick")).when(reads).run(any());
        loop.start();

        loop.tick();

        assertThat(output.getAll()).contains("Live loop tick failed: java.lang.IllegalStateException: a bug in the tick",
                "at io.aftermath.query.live.LiveLoop.tick");
    }

    private static IllegalStateException closedClientRefusal() {
        MongoClient client = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100");
        client.close();
        try {
            client.getDatabase("aftermath").getCollection("tokens").find().first();
        } catch (IllegalStateException refused) {
            return refused;
        }
        throw new AssertionError("a closed client took a call");
    }
}
