package io.aftermath.query.live;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.query.QueryProperties;
import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.timeline.TimelineProjection;
import io.aftermath.shared.infrastructure.CuttableReads;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.query.FindTimeline;
import io.aftermath.shared.query.Timeline;
import io.aftermath.shared.query.TimelineDelta;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.ActionItemCompleted;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.retrospective.RetrospectiveClosed;
import io.aftermath.shared.ticket.RegressionDetected;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;

import reactor.core.publisher.Flux;

/**
 * Live timelines, one group per release watched. The log tail records which releases an event
 * concerns (a hotfix's registration concerns its parent too); once the timeline projection has
 * processed past it, every watched timeline whose folded story holds one of them is read again.
 */
@Component
public class TimelineStreams {

    private static final String TICKET = "ticket:";

    private final StreamHub<String> hub;
    private final TimelineProjection timelines;
    private final TicketReleases ticketReleases;
    /** Release id to the position of the latest event concerning it that is not yet pushed. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final Map<String, List<String>> trees = new ConcurrentHashMap<>();

    public TimelineStreams(TimelineProjection timelines, TicketReleases ticketReleases, ProjectionProgress progress,
                           ObjectMapper mapper, LiveExecutor live, QueryProperties properties, CuttableReads reads,
                           StoreSight store) {
        this.timelines = timelines;
        this.ticketReleases = ticketReleases;
        // Read on the live thread, as the tick's reads are: cut short when the store goes.
        this.hub = new StreamHub<>(releaseId -> reads.get(() -> compute(releaseId)), Function.identity(),
                TimelineStreams::delta, () -> progress.served(ProjectionNames.TIMELINES), () -> !store.inSight(),
                mapper, live, properties.stream().buffer(), properties.stream().bufferSize().toBytes());
    }

    /**
     * @param stale  the subscriber's wait for a position timed out: its snapshot says {@code "stale": true}
     * @param deltas after the snapshot, a {@link TimelineDelta} for each change that keeps the first entry: a long
     *               timeline costs each subscriber its changed tail rather than its whole size per change
     */
    public Flux<ServerSentEvent<String>> subscribe(String releaseId, boolean stale, ClientChannel client,
                                                   boolean deltas) {
        return hub.subscribe(releaseId, stale, client, deltas);
    }

    public int subscribers() {
        return hub.subscribers();
    }

    StreamHub<String> hub() {
        return hub;
    }

    /**
     * Called by the log tail, in log order. Recorded even while nobody watches, so a subscriber whose
     * snapshot was read just before the projection caught up still gets the update.
     */
    void onEvent(Object payload, long position) {
        for (String key : keysOf(payload)) {
            pending.merge(key, position, Math::max);
        }
    }

    /** Pushes the timelines concerned by events the projection has processed ({@code served}: all before it). */
    void tick(long served) {
        Set<String> due = new HashSet<>();
        pending.forEach((key, position) -> {
            if (position < served && pending.remove(key, position)) {
                due.add(key);
            }
        });
        if (due.isEmpty() || hub.subscribers() == 0) {
            return;
        }
        for (String key : List.copyOf(due)) {
            if (key.startsWith(TICKET)) {
                due.remove(key);
                ticketReleases.releaseOf(key.substring(TICKET.length())).ifPresent(due::add);
            }
        }
        for (String root : hub.keys()) {
            List<String> tree = trees.getOrDefault(root, List.of(root));
            if (tree.stream().anyMatch(due::contains)) {
                hub.recompute(root);
            }
        }
    }

    void heartbeat() {
        hub.heartbeat();
    }

    void rebuilding(boolean now) {
        hub.rebuilding(now);
    }

    private static Object delta(Object before, Object after) {
        return before instanceof Timeline held && after instanceof Timeline now ? TimelineDelta.between(held, now) : null;
    }

    private Object compute(String releaseId) {
        Timeline timeline = timelines.handle(new FindTimeline(releaseId)).orElse(null);
        // The tree the timeline folded in, read with it rather than once more beside it.
        trees.put(releaseId, timeline == null ? List.of() : timeline.releases());
        return timeline;
    }

    /** Release ids, or {@code ticket:<id>} for events that do not name their release (resolved when due). */
    private static List<String> keysOf(Object payload) {
        if (payload instanceof ReleaseRegistered e) {
            return e.hotfixOf() == null ? List.of(e.releaseId()) : List.of(e.releaseId(), e.hotfixOf());
        } else if (payload instanceof TicketReported e) {
            return List.of(e.releaseId());
        } else if (payload instanceof TicketPrioritised e) {
            return List.of(TICKET + e.ticketId());
        } else if (payload instanceof TicketMarkedDuplicate e) {
            return List.of(e.releaseId());
        } else if (payload instanceof TicketResolved e) {
            return List.of(e.releaseId());
        } else if (payload instanceof TicketReopened e) {
            return List.of(e.releaseId());
        } else if (payload instanceof RegressionDetected e) {
            return List.of(e.releaseId());
        } else if (payload instanceof UserUpdatePublished e) {
            return List.of(e.releaseId());
        } else if (payload instanceof LessonRecorded e) {
            return List.of(e.releaseId());
        } else if (payload instanceof ActionItemAdded e) {
            return List.of(e.releaseId());
        } else if (payload instanceof ActionItemCompleted e) {
            return List.of(e.releaseId());
        } else if (payload instanceof RetrospectiveClosed e) {
            return List.of(e.releaseId());
        }
        return List.of();
    }
}
