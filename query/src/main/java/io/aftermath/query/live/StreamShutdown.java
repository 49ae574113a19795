package io.aftermath.query.live;

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
        triage.hub().close();
        timelines.hub().close();
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
