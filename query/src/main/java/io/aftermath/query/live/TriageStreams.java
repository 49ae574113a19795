package io.aftermath.query.live;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.query.QueryProperties;
import io.aftermath.query.triage.TriageChanges;
import io.aftermath.query.triage.TriageIndex;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.query.SlaDeadline;
import io.aftermath.shared.query.TriageFilter;
import io.aftermath.shared.query.TriageQueue;

import reactor.core.publisher.Flux;

/**
 * Live triage queues: one group per filter, recomputed from this node's index when its tickets change,
 * and when a deadline it shows as pending passes, so a dashboard sees a breach as the queue's GET does.
 */
@Component
public class TriageStreams {

    /**
     * What a subscriber watches; null release and service are no filter. A filtered key is recomputed when a
     * ticket that passes its filters, before or after the change, changed.
     */
    record Key(String releaseId, String service, TriageFilter filter, int limit) {
    }

    /** The earliest pending deadline a result shows, kept beside the result it was read from. */
    private record NextBreach(Object result, Instant at) {
    }

    private final StreamHub<Key> hub;
    private final Clock clock;
    private final Map<Key, NextBreach> nextBreaches = new ConcurrentHashMap<>();

    public TriageStreams(TriageIndex index, ObjectMapper mapper, LiveExecutor live, QueryProperties properties,
                         ObjectProvider<Clock> clock, StoreSight store) {
        this.hub = new StreamHub<>(key -> index.queue(key.releaseId(), key.service(), key.filter(), 0, key.limit()),
                TriageStreams::shown, StreamHub.Delta.NONE, index::position, () -> !store.inSight(), mapper, live,
                properties.stream().buffer(), properties.stream().bufferSize().toBytes());
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** @param stale the subscriber's wait for a position timed out: its snapshot says {@code "stale": true} */
    public Flux<ServerSentEvent<String>> subscribe(String releaseId, String service, TriageFilter filter, int limit,
                                                   boolean stale, ClientChannel client) {
        return hub.subscribe(new Key(releaseId, service, filter, limit), stale, client);
    }

    public int subscribers() {
        return hub.subscribers();
    }

    StreamHub<Key> hub() {
        return hub;
    }

    void changed(TriageChanges changed) {
        if (changed.isEmpty()) {
            return;
        }
        for (Key key : hub.keys()) {
            if (changed.touches(key.releaseId(), key.service(), key.filter())) {
                hub.recompute(key);
            }
        }
    }

    /** Recomputes every queue showing a deadline as pending that has passed since: it now shows it breached. */
    void deadlinesPassed() {
        Instant now = clock.instant();
        nextBreaches.keySet().retainAll(hub.keys());
        for (Key key : hub.keys()) {
            Object result = hub.lastResult(key);
            NextBreach next = nextBreaches.get(key);
            if (next == null || next.result() != result) {
                next = new NextBreach(result, nextBreach(result));
                nextBreaches.put(key, next);
            }
            // Sla marks a pending deadline breached once the time is after it.
            if (next.at() != null && now.isAfter(next.at())) {
                hub.recompute(key);
                if (hub.lastResult(key) == result) {
                    // Nothing changed after all (the index's clock behind this one): not retried every tick.
                    nextBreaches.put(key, new NextBreach(result, null));
                }
            }
        }
    }

    /** What a client sees change: the tickets and how many pass, not the instant the queue was computed at. */
    private static Object shown(Object result) {
        return result instanceof TriageQueue queue ? List.of(queue.items(), queue.total()) : result;
    }

    private static Instant nextBreach(Object result) {
        if (!(result instanceof TriageQueue queue)) {
            return null;
        }
        return queue.items().stream()
                .flatMap(item -> Stream.of(item.acknowledge(), item.resolve()))
                .filter(Objects::nonNull)
                .filter(deadline -> deadline.metAt() == null && !deadline.breached() && deadline.dueAt() != null)
                .map(SlaDeadline::dueAt)
                .min(Instant::compareTo)
                .orElse(null);
    }

    void heartbeat() {
        hub.heartbeat();
    }

    void rebuilding(boolean now) {
        hub.rebuilding(now);
    }
}
