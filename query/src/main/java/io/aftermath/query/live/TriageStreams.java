package io.aftermath.query.live;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.query.QueryProperties;
import io.aftermath.query.triage.TriageChanges;
import io.aftermath.query.triage.TriageIndex;
import io.aftermath.shared.query.TriageFilter;

import reactor.core.publisher.Flux;

/** Live triage queues: one group per filter, recomputed from this node's index when its tickets change. */
@Component
public class TriageStreams {

    /**
     * What a subscriber watches; null release and service are no filter. A filtered key is recomputed when a
     * ticket that passes its filters, before or after the change, changed.
     */
    record Key(String releaseId, String service, TriageFilter filter, int limit) {
    }

    private final StreamHub<Key> hub;

    public TriageStreams(TriageIndex index, ObjectMapper mapper, LiveExecutor live, QueryProperties properties) {
        this.hub = new StreamHub<>(key -> index.queue(key.releaseId(), key.service(), key.filter(), 0, key.limit()),
                index::position, mapper, live, properties.stream().buffer());
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

    void heartbeat() {
        hub.heartbeat();
    }
}
