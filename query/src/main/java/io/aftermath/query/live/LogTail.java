package io.aftermath.query.live;

import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.Positions;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.triage.TriageIndex;
import io.aftermath.shared.infrastructure.DaemonThreads;
import io.aftermath.shared.ticket.TicketReported;

/**
 * This node's own reader of the log, so live updates never depend on which node processed an event:
 * Axon's query update emitter only reaches the node that handled the event. It starts where this
 * node's triage queue was loaded from (what the shared projection had processed) and hands every
 * event, in order, to the triage index and the timeline streams; they act on it once the shared
 * projection has processed past it. Events appended on this node arrive at once, other nodes' within
 * {@code aftermath.ledger.fetch-delay}.
 */
@Component
public class LogTail implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(LogTail.class);

    private final EventStore eventStore;
    private final ProjectionProgress progress;
    private final TriageIndex triage;
    private final TimelineStreams timelines;
    private final TicketReleases ticketReleases;
    private volatile long position;
    private volatile boolean running;
    private Thread thread;

    public LogTail(EventStore eventStore, ProjectionProgress progress, TriageIndex triage, TimelineStreams timelines,
                   TicketReleases ticketReleases) {
        this.eventStore = eventStore;
        this.progress = progress;
        this.triage = triage;
        this.timelines = timelines;
        this.ticketReleases = ticketReleases;
    }

    /** Every event before this position has been handed on. */
    public long position() {
        return position;
    }

    @Override
    public synchronized void start() {
        position = progress.served(ProjectionNames.TRIAGE);
        running = true;
        thread = DaemonThreads.start("aftermath-log-tail", this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }

    private void run() {
        while (running) {
            long from = position;
            try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(
                    from == 0 ? null : new GlobalSequenceTrackingToken(from - 1))) {
                while (running) {
                    if (stream.hasNextAvailable(500, TimeUnit.MILLISECONDS)) {
                        deliver(stream.nextAvailable());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("Log tail failed at position {}; reopening: {}", position, e.toString());
                    pause();
                }
            }
        }
    }

    private void deliver(TrackedEventMessage<?> event) {
        long eventPosition = Positions.of(event.trackingToken());
        try {
            Object payload = event.getPayload();
            if (payload instanceof TicketReported reported) {
                ticketReleases.learn(reported.ticketId(), reported.releaseId());
            }
            triage.onEvent(payload, eventPosition);
            timelines.onEvent(payload, eventPosition);
        } catch (RuntimeException e) {
            LOG.warn("Log tail skipped the event at {}: {}", eventPosition, e.toString());
        }
        position = eventPosition + 1;
    }

    private void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
