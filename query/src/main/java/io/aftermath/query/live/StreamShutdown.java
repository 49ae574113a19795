package io.aftermath.query.live;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends every open stream when the node stops. An SSE stream never ends by itself, so the web server's
 * graceful shutdown (phase {@code DEFAULT_PHASE - 1024}) would wait for each one until the phase
 * timeout, then cut it without a word. Stopping earlier (a higher phase), this sends every stream a
 * {@code reconnect} event and completes it, so clients move to another node at once and graceful
 * shutdown finds no stream left; subscriptions arriving after this get {@code reconnect} at once too.
 */
@Component
public class StreamShutdown implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StreamShutdown.class);

    private final TriageStreams triage;
    private final TimelineStreams timelines;
    private volatile boolean running;

    public StreamShutdown(TriageStreams triage, TimelineStreams timelines) {
        this.triage = triage;
        this.timelines = timelines;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        CompletableFuture<Void> closed = CompletableFuture.allOf(triage.hub().close(), timelines.hub().close());
        try {
            // Only queued behind whatever the live thread is doing; bounded so a stuck tick cannot hold shutdown.
            closed.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("Closing the open streams did not finish: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Above the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}), so this stops before it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
